// The identity platform's protocol and its errors, spoken raw (no MSAL): discovery, authorize pages, token errors, Graph 401s.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.ts";
import { at, authorizeUrl, CLIENT_ID, CLIENT_SECRET, driveSignIn, graph, pkcePair, postToken, REDIRECT_URI, SCOPES, signIn } from "./support/helpers.ts";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});

afterAll(async () => {
  await emulator.close();
});

async function codeFor(account: string, parameters: Record<string, string> = {}): Promise<{ code: string; verifier: string }> {
  const pkce = pkcePair();
  const location = await driveSignIn(authorizeUrl(emulator.url, { code_challenge: pkce.challenge, code_challenge_method: "S256", ...parameters }), account);
  return { code: location.searchParams.get("code") ?? "", verifier: pkce.verifier };
}

function redeem(code: string, verifier: string, overrides: Record<string, string> = {}): Promise<Response> {
  return postToken(emulator.url, {
    grant_type: "authorization_code",
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
    scope: SCOPES,
    ...overrides,
  });
}

async function expectAadError(response: Response, status: number, error: string, code: number, suberror?: string): Promise<void> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body.error).toBe(error);
  expect(body.error_codes).toEqual([code]);
  expect(String(body.error_description)).toMatch(new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: .+\\r\\nTimestamp: \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}Z$`));
  expect(body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
  expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(typeof body.correlation_id).toBe("string");
  if (suberror) expect(body.suberror).toBe(suberror);
  else expect(body).not.toHaveProperty("suberror");
}

describe("discovery", () => {
  it("publishes an OpenID configuration whose endpoints point at the emulator", async () => {
    const response = await fetch(`${emulator.url}/common/v2.0/.well-known/openid-configuration`);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.token_endpoint).toBe(`${emulator.url}/common/oauth2/v2.0/token`);
    expect(body.authorization_endpoint).toBe(`${emulator.url}/common/oauth2/v2.0/authorize`);
    expect(body.issuer).toBe(`${emulator.url}/{tenantid}/v2.0`);
    const keys = (await (await fetch(String(body.jwks_uri))).json()) as { keys: unknown[] };
    expect(keys.keys).toHaveLength(1);
  });
});

describe("authorize", () => {
  it("returns code and state, and client_info decodes to uid/utid", async () => {
    const tokens = await signIn(emulator.url, "new.person@example.test");
    const clientInfo = JSON.parse(Buffer.from(tokens.client_info, "base64url").toString("utf8")) as Record<string, string>;
    expect(Object.keys(clientInfo).sort()).toEqual(["uid", "utid"]);
    expect(tokens.expires_in).toBe(3599);
    const me = await graph(emulator.url, tokens.access_token, "GET", "/me");
    expect(at(me.body, "mail")).toBe("new.person@example.test");
    expect(at(me.body, "id")).toBe(clientInfo.uid);
    const mailboxes = (await (await fetch(`${emulator.url}/_emulator/mailboxes`)).json()) as { value: Array<{ address: string }> };
    expect(mailboxes.value.map((mailbox) => mailbox.address)).toContain("new.person@example.test");
  });

  it("redirects with error=access_denied and the state when the user cancels consent", async () => {
    const location = await driveSignIn(authorizeUrl(emulator.url, { state: "s-42" }), "dana.host@outlook.test", "cancel");
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("error_description")).toContain("AADSTS65004");
    expect(location.searchParams.get("state")).toBe("s-42");
    expect(location.searchParams.has("code")).toBe(false);
  });

  it("answers prompt=none without a session with login_required", async () => {
    const response = await fetch(authorizeUrl(emulator.url, { prompt: "none" }), { redirect: "manual" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.searchParams.get("error")).toBe("login_required");
  });

  it("skips the account picker for a known login_hint and the consent page once consented", async () => {
    await signIn(emulator.url, "iam.demo@outlook.test");
    const response = await fetch(authorizeUrl(emulator.url, { login_hint: "iam.demo@outlook.test" }), { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get("location") ?? "").searchParams.get("code")).toBeTruthy();
  });

  it("shows an error page for a redirect URI the app did not register", async () => {
    await fetch(`${emulator.url}/_emulator/apps`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clientId: "strict-app", clientSecret: "s", redirectUris: ["https://app.test/cb"] }),
    });
    const response = await fetch(authorizeUrl(emulator.url, { client_id: "strict-app", redirect_uri: "https://evil.test/cb" }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("AADSTS50011");
  });

  it("shows an error page for a redirect URI that is not a URI", async () => {
    const response = await fetch(authorizeUrl(emulator.url, { redirect_uri: "not a uri" }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("AADSTS50011");
  });

  it("escapes what it echoes into the sign-in page", async () => {
    const page = await (await fetch(authorizeUrl(emulator.url, { login_hint: '"><script>alert(1)</script>' }))).text();
    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).toContain("&lt;script&gt;");
  });
});

describe("token errors", () => {
  it("refuses a code redeemed twice with 54005", async () => {
    const { code, verifier } = await codeFor("iam.demo@outlook.test");
    expect((await redeem(code, verifier)).status).toBe(200);
    await expectAadError(await redeem(code, verifier), 400, "invalid_grant", 54005);
  });

  it("refuses a wrong code_verifier with 501481", async () => {
    const { code } = await codeFor("iam.demo@outlook.test");
    await expectAadError(await redeem(code, pkcePair().verifier), 400, "invalid_grant", 501481);
  });

  it("refuses a different redirect_uri", async () => {
    const { code, verifier } = await codeFor("iam.demo@outlook.test");
    await expectAadError(await redeem(code, verifier, { redirect_uri: "http://localhost:3000/other" }), 400, "invalid_grant", 70000);
  });

  it("refuses an invalid client secret with 7000215 and accepts HTTP Basic credentials", async () => {
    const { code, verifier } = await codeFor("iam.demo@outlook.test");
    await expectAadError(await redeem(code, verifier, { client_secret: "wrong" }), 401, "invalid_client", 7000215);
    const basic = Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`).toString("base64");
    const response = await postToken(
      emulator.url,
      { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier, scope: SCOPES },
      { authorization: `Basic ${basic}` },
    );
    expect(response.status).toBe(200);
  });

  it("refuses an expired code with 70008", async () => {
    const { code, verifier } = await codeFor("iam.demo@outlook.test");
    await fetch(`${emulator.url}/_emulator/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advanceSeconds: 11 * 60 }) });
    await expectAadError(await redeem(code, verifier), 400, "invalid_grant", 70008);
  });

  it("rotates refresh tokens and refuses an unknown one with 70000", async () => {
    const tokens = await signIn(emulator.url, "dana.host@outlook.test");
    const refresh = (token: string) =>
      postToken(emulator.url, { grant_type: "refresh_token", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, refresh_token: token, scope: SCOPES });
    const first = (await (await refresh(tokens.refresh_token)).json()) as Record<string, string>;
    expect(first.refresh_token).toBeTruthy();
    expect(first.refresh_token).not.toBe(tokens.refresh_token);
    expect(first.access_token).not.toBe(tokens.access_token);
    await expectAadError(await refresh("not-a-token"), 400, "invalid_grant", 70000);
  });

  it("refuses refresh tokens issued before a password reset with 50173", async () => {
    const tokens = await signIn(emulator.url, "reset.me@example.test");
    await fetch(`${emulator.url}/_emulator/mailboxes/reset.me@example.test/revoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ reason: "password" }),
    });
    const response = await postToken(emulator.url, { grant_type: "refresh_token", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, refresh_token: tokens.refresh_token });
    await expectAadError(response, 400, "invalid_grant", 50173);
  });

  it("refuses refresh after consent is revoked with 65001 and suberror consent_required", async () => {
    const tokens = await signIn(emulator.url, "revoke.me@example.test");
    await fetch(`${emulator.url}/_emulator/mailboxes/revoke.me@example.test/revoke`, { method: "POST" });
    const response = await postToken(emulator.url, { grant_type: "refresh_token", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, refresh_token: tokens.refresh_token });
    await expectAadError(response, 400, "invalid_grant", 65001, "consent_required");
  });

  it("refuses an unsupported grant type", async () => {
    await expectAadError(await postToken(emulator.url, { grant_type: "password", client_id: CLIENT_ID, client_secret: CLIENT_SECRET }), 400, "unsupported_grant_type", 70003);
  });
});

describe("Graph authentication", () => {
  it("answers 401 InvalidAuthenticationToken for missing, unknown and expired tokens", async () => {
    const missing = await fetch(`${emulator.url}/v1.0/me`);
    expect(missing.status).toBe(401);
    expect(at(await missing.json(), "error", "code")).toBe("InvalidAuthenticationToken");
    const unknown = await graph(emulator.url, "nonsense", "GET", "/me/events");
    expect(unknown.status).toBe(401);
    expect(at(unknown.body, "error", "code")).toBe("InvalidAuthenticationToken");
    const tokens = await signIn(emulator.url, "expiring@example.test");
    expect((await graph(emulator.url, tokens.access_token, "GET", "/me")).status).toBe(200);
    await fetch(`${emulator.url}/_emulator/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advanceSeconds: 3600 }) });
    const expired = await graph(emulator.url, tokens.access_token, "GET", "/me");
    expect(expired.status).toBe(401);
    expect(at(expired.body, "error", "message")).toContain("expired");
  });

  it("logs out and redirects to post_logout_redirect_uri", async () => {
    const response = await fetch(`${emulator.url}/common/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent("http://localhost:3000/")}`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://localhost:3000/");
    expect(response.headers.get("set-cookie")).toContain("Max-Age=0");
  });
});
