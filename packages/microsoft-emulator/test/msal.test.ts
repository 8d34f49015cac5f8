// The official client, unmodified: @azure/msal-node signs in with code + PKCE and refreshes against the emulator.
import { ConfidentialClientApplication, CryptoProvider } from "@azure/msal-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.ts";
import { at, CLIENT_ID, CLIENT_SECRET, driveSignIn, graph, REDIRECT_URI } from "./support/helpers.ts";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});

afterAll(async () => {
  await emulator.close();
});

function client(): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...emulator.msalAuthority() },
  });
}

describe("@azure/msal-node against the emulator", () => {
  it("signs in with authorization code + PKCE, then refreshes silently", async () => {
    const app = client();
    const scopes = ["User.Read", "Calendars.ReadWrite", "offline_access"];
    const pkce = await new CryptoProvider().generatePkceCodes();
    const url = await app.getAuthCodeUrl({ scopes, redirectUri: REDIRECT_URI, codeChallenge: pkce.challenge, codeChallengeMethod: "S256", state: "xyz" });
    expect(url.startsWith(`${emulator.url}/common/oauth2/v2.0/authorize`)).toBe(true);

    const location = await driveSignIn(url, "dana.host@outlook.test");
    expect(location.origin + location.pathname).toBe(REDIRECT_URI);
    expect(location.searchParams.get("state")).toBe("xyz");
    const code = location.searchParams.get("code") ?? "";

    const first = await app.acquireTokenByCode({ code, scopes, redirectUri: REDIRECT_URI, codeVerifier: pkce.verifier });
    expect(first.account?.username).toBe("dana.host@outlook.test");
    expect(first.account?.name).toBe("Dana Host");
    expect(first.idTokenClaims).toMatchObject({ preferred_username: "dana.host@outlook.test" });

    const me = await graph(emulator.url, first.accessToken, "GET", "/me");
    expect(me.status).toBe(200);
    expect(at(me.body, "displayName")).toBe("Dana Host");
    expect(at(me.body, "mail")).toBe("dana.host@outlook.test");
    expect(at(me.body, "userPrincipalName")).toBe("dana.host@outlook.test");
    expect(at(me.body, "id")).toBe(first.account?.localAccountId);

    const account = first.account;
    if (!account) throw new Error("no account");
    const refreshed = await app.acquireTokenSilent({ account, scopes, forceRefresh: true });
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect((await graph(emulator.url, refreshed.accessToken, "GET", "/me")).status).toBe(200);
  });

  it("refreshes with acquireTokenByRefreshToken and surfaces revoked consent as invalid_grant 65001", async () => {
    const app = client();
    const scopes = ["User.Read", "Calendars.ReadWrite"];
    const pkce = await new CryptoProvider().generatePkceCodes();
    const url = await app.getAuthCodeUrl({ scopes, redirectUri: REDIRECT_URI, codeChallenge: pkce.challenge, codeChallengeMethod: "S256" });
    const location = await driveSignIn(url, "iam.demo@outlook.test");
    await app.acquireTokenByCode({ code: location.searchParams.get("code") ?? "", scopes, redirectUri: REDIRECT_URI, codeVerifier: pkce.verifier });
    const cache = JSON.parse(app.getTokenCache().serialize()) as { RefreshToken: Record<string, { secret: string }> };
    const refreshToken = Object.values(cache.RefreshToken)[0]?.secret ?? "";
    expect(refreshToken.length).toBeGreaterThan(20);

    const byRefresh = await app.acquireTokenByRefreshToken({ refreshToken, scopes });
    expect(byRefresh?.account?.username).toBe("iam.demo@outlook.test");

    const revoked = await fetch(`${emulator.url}/_emulator/mailboxes/iam.demo@outlook.test/revoke`, { method: "POST" });
    expect(revoked.status).toBe(200);
    const failure = await app.acquireTokenByRefreshToken({ refreshToken, scopes }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ errorCode: "invalid_grant", subError: "consent_required" });
    expect(String(at(failure, "errorMessage"))).toContain("AADSTS65001");
  });
});
