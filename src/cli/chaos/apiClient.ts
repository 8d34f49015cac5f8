/**
 * The product's JSON API as a signed-in user sees it: the session cookie and the CSRF token
 * go with every request, exactly as the browser UI sends them.
 */
import { request, type Dispatcher } from "undici";

export interface ApiResponse {
  status: number;
  body: unknown;
  location: string | null;
  /** performance.now() once the whole answer had arrived, before its body was parsed. */
  receivedMs: number;
}

export interface ApiClient {
  request(method: string, path: string, body?: unknown): Promise<ApiResponse>;
  /** Follows a URL (e.g. the OAuth callback) with the session cookie, without following redirects. */
  visit(url: string): Promise<ApiResponse>;
  /**
   * GETs a path and counts its answer's bytes without decoding them: for timing when an
   * answer has arrived, with no garbage of the load generator's own to collect meanwhile.
   */
  download(path: string): Promise<Download>;
}

export interface Download {
  status: number;
  bytes: number;
  /** performance.now() once the whole answer had arrived. */
  receivedMs: number;
}

export async function signInToApi(baseUrl: string, email: string, password: string): Promise<ApiClient> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`signing in ${email} failed with ${login.status}: ${await login.text()}`);
  const cookie = (login.headers.getSetCookie().find((c) => c.startsWith("careroom_sid=")) ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await login.json()) as { csrfToken: string };

  // undici's request, not fetch: the benchmark times these calls, and fetch's web streams
  // took about 4 ms of the load generator's own time on a 150 KB calendar answer.
  async function send(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<ApiResponse> {
    const response = await request(url, { ...init, method: init.method as Dispatcher.HttpMethod });
    const text = await response.body.text();
    const receivedMs = performance.now();
    let body: unknown = text;
    try {
      body = text === "" ? null : JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    const location = response.headers.location;
    return { status: response.statusCode, body, location: (Array.isArray(location) ? location[0] : location) ?? null, receivedMs };
  }

  return {
    request(method, path, body) {
      return send(`${baseUrl}${path}`, {
        method,
        headers: {
          cookie,
          "x-csrf-token": csrfToken,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
    visit(url) {
      return send(url, { method: "GET", headers: { cookie } });
    },
    async download(path) {
      const response = await request(`${baseUrl}${path}`, { method: "GET", headers: { cookie, "x-csrf-token": csrfToken } });
      let bytes = 0;
      for await (const chunk of response.body) bytes += (chunk as Buffer).length;
      return { status: response.statusCode, bytes, receivedMs: performance.now() };
    },
  };
}
