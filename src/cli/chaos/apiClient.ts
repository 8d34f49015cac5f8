/**
 * The product's JSON API as a signed-in user sees it: the session cookie and the CSRF token
 * go with every request, exactly as the browser UI sends them.
 */

export interface ApiResponse {
  status: number;
  body: unknown;
  location: string | null;
}

export interface ApiClient {
  request(method: string, path: string, body?: unknown): Promise<ApiResponse>;
  /** Follows a URL (e.g. the OAuth callback) with the session cookie, without following redirects. */
  visit(url: string): Promise<ApiResponse>;
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

  async function send(url: string, init: RequestInit): Promise<ApiResponse> {
    const response = await fetch(url, { ...init, redirect: "manual" });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === "" ? null : JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, body, location: response.headers.get("location") };
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
  };
}
