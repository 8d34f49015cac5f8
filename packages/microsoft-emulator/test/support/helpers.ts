// Test helpers: drive the emulator's sign-in pages like a browser would, get tokens without MSAL,
// and give a test file one emulator signed in afresh for each test.
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/index.ts";
import { driveSignIn } from "../../src/signInDriver.ts";
export { driveSignIn, formAction, hiddenFields } from "../../src/signInDriver.ts";

export const CLIENT_ID = "11111111-2222-3333-4444-555555555555";
export const CLIENT_SECRET = "test-secret";
export const REDIRECT_URI = "http://localhost:3000/auth/callback";
export const SCOPES = "openid profile offline_access User.Read Calendars.ReadWrite";

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function authorizeUrl(baseUrl: string, parameters: Record<string, string> = {}): string {
  const url = new URL(`${baseUrl}/common/oauth2/v2.0/authorize`);
  const all = { client_id: CLIENT_ID, response_type: "code", redirect_uri: REDIRECT_URI, scope: SCOPES, state: "state-123", ...parameters };
  for (const [name, value] of Object.entries(all)) url.searchParams.set(name, value);
  return url.toString();
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  id_token: string;
  client_info: string;
  expires_in: number;
  scope: string;
}

export async function postToken(baseUrl: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/common/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

/** Signs `account` in through the pages and redeems the code: the raw protocol, no MSAL. */
export async function signIn(baseUrl: string, account = "iam.demo@outlook.test"): Promise<Tokens> {
  const pkce = pkcePair();
  const location = await driveSignIn(authorizeUrl(baseUrl, { code_challenge: pkce.challenge, code_challenge_method: "S256" }), account);
  const code = location.searchParams.get("code");
  if (!code) throw new Error(`No code in ${location.toString()}`);
  const response = await postToken(baseUrl, {
    grant_type: "authorization_code",
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: pkce.verifier,
    scope: SCOPES,
  });
  if (response.status !== 200) throw new Error(`Token request failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as Tokens;
}

export interface GraphResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A Graph request with a bearer token; JSON in, JSON (or nothing) out. */
export async function graph(baseUrl: string, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<GraphResponse> {
  const response = await fetch(`${baseUrl}/v1.0${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text.length > 0 ? (JSON.parse(text) as unknown) : null };
}

/** Reads a property path from a parsed JSON body, for assertions. */
export function at(value: unknown, ...path: Array<string | number>): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

export interface SignedInEmulator {
  readonly running: RunningEmulator;
  readonly url: string;
  /** Iam Demo's access token, fresh for each test. */
  readonly token: string;
}

/**
 * One emulator for the test file, reset before each test and signed in afresh as Iam Demo.
 * Call it at the top of the file: it registers the hooks that start, reset and close it.
 */
export function signedInEmulator(): SignedInEmulator {
  let emulator: RunningEmulator | undefined;
  let token = "";
  const running = (): RunningEmulator => {
    if (!emulator) throw new Error("the emulator is not running");
    return emulator;
  };
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  beforeEach(async () => {
    await fetch(`${running().url}/_emulator/reset`, { method: "POST" });
    token = (await signIn(running().url)).access_token;
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return {
    get running() {
      return running();
    },
    get url() {
      return running().url;
    },
    get token() {
      return token;
    },
  };
}
