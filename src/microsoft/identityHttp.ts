/**
 * The HTTP client MSAL uses for the identity platform (discovery, token requests), on
 * undici's keep-alive pool like Graph's calls. MSAL's own client goes through the global
 * fetch, whose web streams and abort signals cost the worker about half of each token
 * refresh's CPU and most of its garbage (docs/performance.md).
 *
 * A body that is not JSON (a gateway's HTML error page) is thrown as a network failure, so
 * the caller retries later; MSAL's own client reports it as a token parsing error, which
 * would read as the product's configuration being wrong.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { request, type Dispatcher } from "undici";
import { MICROSOFT_TIMEOUT_MS, microsoftAgent } from "./microsoftAgent.ts";

export function identityHttpClient(dispatcher: Dispatcher = microsoftAgent, timeoutMs = MICROSOFT_TIMEOUT_MS): INetworkModule {
  const send = async <T>(method: "GET" | "POST", url: string, options: NetworkRequestOptions | undefined, timeout?: number): Promise<NetworkResponse<T>> => {
    const limit = timeout ?? timeoutMs;
    const response = await request(url, {
      method,
      dispatcher,
      headers: options?.headers ?? {},
      ...(method === "POST" ? { body: options?.body ?? "" } : {}),
      headersTimeout: limit,
      bodyTimeout: limit,
    });
    const text = await response.body.text();
    let body: T;
    try {
      body = JSON.parse(text) as T;
    } catch {
      throw new Error(`network_error: the identity platform answered ${response.statusCode} with a body that is not JSON`);
    }
    return { status: response.statusCode, headers: flatHeaders(response.headers), body };
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => send("GET", url, options, timeout),
    sendPostRequestAsync: (url, options) => send("POST", url, options),
  };
}

function flatHeaders(headers: Dispatcher.ResponseData["headers"]): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}
