/**
 * One mailbox's HTTP calls to Microsoft Graph through undici, shared by the write side
 * (graph.ts) and the read side (graphRead.ts). Every failure leaves as a ProviderFailure
 * the callers can classify; an expired access token (401) is refreshed once and retried once.
 */
import { request, type Dispatcher } from "undici";
import { z } from "zod";
import { ProviderFailure } from "../domain/provider.ts";
import { graphRequests } from "../metrics.ts";
import { MICROSOFT_TIMEOUT_MS, microsoftAgent } from "./microsoftAgent.ts";

/** Supplies access tokens for one mailbox; `invalidate` forgets one Microsoft refused. */
export interface AccessTokenSource {
  accessToken(): Promise<string>;
  invalidate(): void;
}

export interface GraphClientOptions {
  /** e.g. https://graph.microsoft.com/v1.0 */
  baseUrl: string;
  dispatcher?: Dispatcher;
  requestTimeoutMs?: number;
}

export interface GraphRequest {
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
}

/** Calls a path under the base address, or an absolute link Graph handed out (nextLink, deltaLink). */
export type GraphCall = (method: Dispatcher.HttpMethod, pathOrUrl: string, init?: GraphRequest) => Promise<unknown>;

const GraphErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) });

export function createGraphCall(tokens: AccessTokenSource, options: GraphClientOptions): GraphCall {
  const base = options.baseUrl.replace(/\/+$/, "");
  const timeoutMs = options.requestTimeoutMs ?? MICROSOFT_TIMEOUT_MS;
  const dispatcher = options.dispatcher ?? microsoftAgent;

  return async (method, pathOrUrl, init = {}) => {
    const url = pathOrUrl.startsWith("http") ? pathOrUrl : `${base}${pathOrUrl}`;
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.accessToken();
      const response = await send(dispatcher, method, url, token, init, timeoutMs).catch((thrown: unknown) => {
        graphRequests.inc({ method, status: "0" });
        throw thrown;
      });
      graphRequests.inc({ method, status: String(response.statusCode) });
      if (response.statusCode === 401 && attempt === 0) {
        await response.body.dump();
        tokens.invalidate();
        continue;
      }
      if (response.statusCode >= 400) throw await httpFailure(response);
      if (response.statusCode === 204) {
        await response.body.dump();
        return undefined;
      }
      return response.body.json();
    }
  };
}

async function send(
  dispatcher: Dispatcher,
  method: Dispatcher.HttpMethod,
  url: string,
  token: string,
  init: GraphRequest,
  timeoutMs: number,
): Promise<Dispatcher.ResponseData> {
  const hasBody = init.body !== undefined;
  try {
    return await request(url, {
      method,
      dispatcher,
      headers: {
        authorization: `Bearer ${token}`,
        accept: "application/json",
        ...(hasBody ? { "content-type": "application/json" } : {}),
        ...init.headers,
      },
      ...(hasBody ? { body: JSON.stringify(init.body) } : {}),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  } catch (thrown) {
    const code = typeof thrown === "object" && thrown !== null && "code" in thrown ? String(thrown.code) : "network_error";
    throw new ProviderFailure({ kind: "network", code }, "Microsoft Graph could not be reached or did not answer.");
  }
}

async function httpFailure(response: Dispatcher.ResponseData): Promise<ProviderFailure> {
  const text = await response.body.text().catch(() => "");
  let graphCode: string | undefined;
  let message: string | undefined;
  try {
    const parsed = GraphErrorSchema.safeParse(JSON.parse(text));
    if (parsed.success) {
      graphCode = parsed.data.error.code;
      message = parsed.data.error.message;
    }
  } catch {
    // A body that is not JSON (a proxy's HTML page) still leaves the status to classify.
  }
  const retryAfter = response.headers["retry-after"];
  const retryAfterHeader = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
  return new ProviderFailure(
    {
      kind: "http",
      status: response.statusCode,
      ...(graphCode ? { graphCode } : {}),
      ...(retryAfterHeader ? { retryAfterHeader } : {}),
      ...(message ? { message } : {}),
    },
    `Microsoft Graph answered ${response.statusCode}${graphCode ? ` ${graphCode}` : ""}.`,
  );
}
