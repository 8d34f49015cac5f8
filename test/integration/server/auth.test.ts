import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authSessions, users } from "../../../src/store/schema.ts";
import { sessionCookieOf, signIn, startTestApp, TEST_APP_URL, type TestApp } from "../../support/app.ts";
import { createTwoOrganizations, FIXTURE_PASSWORD, type OrgFixture } from "../../support/fixtures.ts";

describe("sign-in", () => {
  let t: TestApp;
  let org: OrgFixture;
  beforeAll(async () => {
    t = await startTestApp();
    [org] = await createTwoOrganizations(t.database.db);
  });
  afterAll(async () => t.close());

  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password }, headers });

  it("signs in, tells who is signed in, and signs out", async () => {
    const response = await login(org.licensed.email.toUpperCase(), FIXTURE_PASSWORD);
    expect(response.statusCode).toBe(200);
    const me = response.json();
    expect(me.user).toMatchObject({ id: org.licensed.id, email: org.licensed.email, licensed: true, roles: [] });
    expect(me.organization.name).toBe("Clinic A");
    const cookie = sessionCookieOf(response);

    const meAgain = await t.app.inject({ method: "GET", url: "/api/me", headers: { cookie } });
    expect(meAgain.statusCode).toBe(200);
    expect(meAgain.json().csrfToken).toBe(me.csrfToken);

    const logout = await t.app.inject({ method: "POST", url: "/api/auth/logout", headers: { cookie, "x-csrf-token": me.csrfToken } });
    expect(logout.statusCode).toBe(204);
    const afterLogout = await t.app.inject({ method: "GET", url: "/api/me", headers: { cookie } });
    expect(afterLogout.statusCode).toBe(401);
    expect(afterLogout.json()).toMatchObject({ code: "AUTH_REQUIRED", message: "Please sign in to continue." });
  });

  it("stores only a hash of the session token, and sets a protective cookie", async () => {
    const response = await login(org.admin.email, FIXTURE_PASSWORD);
    const cookie = response.cookies.find((c) => c.name === "careroom_sid");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookie?.secure).toBeFalsy();
    expect(Buffer.from(cookie?.value ?? "", "base64url")).toHaveLength(32);
    const expiresInH = ((cookie?.expires?.getTime() ?? 0) - Date.now()) / 3_600_000;
    expect(expiresInH).toBeGreaterThan(11.9);
    expect(expiresInH).toBeLessThanOrEqual(12);
    const rows = await t.database.db.select().from(authSessions).where(eq(authSessions.userId, org.admin.id));
    expect(rows.map((r) => r.tokenHash)).not.toContain(cookie?.value);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.tokenHash))).toBe(true);
  });

  it("gives the same answer for an unknown address and a wrong password", async () => {
    const unknown = await login("nobody@fixture.test", FIXTURE_PASSWORD);
    const wrong = await login(org.scheduler.email, "not the password");
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(unknown.cookies).toHaveLength(0);
  });

  it("refuses a deactivated user, and signs out one deactivated while signed in", async () => {
    const client = await signIn(t.app, org.unlicensed.email);
    await t.database.db.update(users).set({ active: false }).where(eq(users.id, org.unlicensed.id));
    const me = await client.request({ method: "GET", url: "/api/me" });
    expect(me.statusCode).toBe(401);
    const remaining = await t.database.db.select().from(authSessions).where(eq(authSessions.userId, org.unlicensed.id));
    expect(remaining).toHaveLength(0);
    const again = await login(org.unlicensed.email, FIXTURE_PASSWORD);
    expect(again.statusCode).toBe(403);
    expect(again.json().code).toBe("AUTH_ACCOUNT_INACTIVE");
    await t.database.db.update(users).set({ active: true }).where(eq(users.id, org.unlicensed.id));
  });

  it("refuses changes without the CSRF token, with a wrong one, or from another origin", async () => {
    const client = await signIn(t.app, org.admin.email);
    const change = { integrationEnabled: true };
    const url = "/api/account/options/scheduling";
    const without = await t.app.inject({ method: "PATCH", url, payload: change, headers: { cookie: client.cookie } });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe("CSRF_INVALID");
    const wrong = await client.request({ method: "PATCH", url, payload: change, headers: { "x-csrf-token": `${client.csrfToken}x` } });
    expect(wrong.statusCode).toBe(403);
    const crossOrigin = await client.request({ method: "PATCH", url, payload: change, headers: { origin: "https://evil.example" } });
    expect(crossOrigin.statusCode).toBe(403);
    const crossOriginLogin = await login(org.admin.email, FIXTURE_PASSWORD, { origin: "https://evil.example" });
    expect(crossOriginLogin.statusCode).toBe(403);
    const options = await client.request({ method: "GET", url });
    expect(options.json().integrationEnabled).toBe(false);

    const sameOrigin = await client.request({ method: "PATCH", url, payload: change, headers: { origin: TEST_APP_URL } });
    expect(sameOrigin.statusCode).toBe(200);
    expect(sameOrigin.json().integrationEnabled).toBe(true);
  });
});

describe("sign-in over HTTPS", () => {
  it("marks the cookie Secure", async () => {
    const t = await startTestApp({ APP_URL: "https://careroom.example" });
    try {
      const [org] = await createTwoOrganizations(t.database.db);
      const response = await t.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { email: org.admin.email, password: FIXTURE_PASSWORD },
      });
      expect(response.cookies.find((c) => c.name === "careroom_sid")?.secure).toBe(true);
      expect(response.headers["strict-transport-security"]).toBeDefined();
    } finally {
      await t.close();
    }
  });
});
