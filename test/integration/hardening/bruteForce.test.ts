/**
 * Password guessing: each e-mail address locks for 15 minutes after 5 failed sign-ins in a
 * row (an address without an account answers exactly alike), a success starts the count
 * again, the lock ends by itself, and each client address is rate limited across accounts.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, users } from "../../../src/store/schema.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { createTwoOrganizations, FIXTURE_PASSWORD, type OrgFixture } from "../../support/fixtures.ts";

describe("brute force", () => {
  let t: TestApp;
  let a: OrgFixture;
  let b: OrgFixture;
  beforeAll(async () => {
    t = await startTestApp();
    [a, b] = await createTwoOrganizations(t.database.db);
  });
  afterAll(async () => t.close());

  /** Each test signs in from its own client address, so the per-address limit stays out of the way. */
  const login = (email: string, password: string, ip: string) =>
    t.app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password }, remoteAddress: ip });

  async function failFiveTimes(email: string, ip: string) {
    const answers = [];
    for (let attempt = 0; attempt < 5; attempt += 1) answers.push(await login(email, `wrong ${attempt}`, ip));
    return answers;
  }

  const lockState = async (userId: string) => {
    const [row] = await t.database.db.select({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil }).from(users).where(eq(users.id, userId));
    return row;
  };

  it("locks an account after 5 failed sign-ins, says when to try again, and refuses even the right password meanwhile", async () => {
    const answers = await failFiveTimes(a.licensed.email, "10.0.0.1");
    expect(answers.slice(0, 4).map((r) => r.json().code)).toEqual(Array(4).fill("AUTH_INVALID_CREDENTIALS"));
    const locked = answers[4]!;
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toEqual({ code: "AUTH_LOCKED", message: "Too many failed sign-ins for this e-mail address. Please try again in 15 minutes." });
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(14 * 60);

    const state = await lockState(a.licensed.id);
    expect(state?.lockedUntil?.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const rightPassword = await login(a.licensed.email, FIXTURE_PASSWORD, "10.0.0.1");
    expect(rightPassword.statusCode).toBe(429);
    expect(rightPassword.json().code).toBe("AUTH_LOCKED");
    expect(rightPassword.cookies).toHaveLength(0);

    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.subjectUserId, a.licensed.id));
    expect(audit.map((entry) => entry.kind)).toEqual(["user.sign_in_locked"]);
    expect(JSON.stringify(audit)).not.toContain("wrong");
  });

  it("answers an address without an account exactly as an account, lock included", async () => {
    const known = await failFiveTimes(b.licensed.email, "10.0.0.2");
    const unknown = await failFiveTimes("nobody.here@fixture.test", "10.0.0.2");
    expect(unknown.map((r) => [r.statusCode, r.json()])).toEqual(known.map((r) => [r.statusCode, r.json()]));
    const again = await login("NOBODY.HERE@fixture.test", FIXTURE_PASSWORD, "10.0.0.2");
    expect([again.statusCode, again.json().code]).toEqual([429, "AUTH_LOCKED"]);
  });

  it("starts the count again after a successful sign-in", async () => {
    for (let attempt = 0; attempt < 4; attempt += 1) expect((await login(a.admin.email, "wrong", "10.0.0.3")).statusCode).toBe(401);
    expect((await lockState(a.admin.id))?.failedLogins).toBe(4);
    expect((await login(a.admin.email, FIXTURE_PASSWORD, "10.0.0.3")).statusCode).toBe(200);
    expect(await lockState(a.admin.id)).toEqual({ failedLogins: 0, lockedUntil: null });
    for (let attempt = 0; attempt < 4; attempt += 1) expect((await login(a.admin.email, "wrong", "10.0.0.3")).statusCode).toBe(401);
    expect((await login(a.admin.email, FIXTURE_PASSWORD, "10.0.0.3")).statusCode).toBe(200);
  });

  it("lets the legitimate user back in once the lock has run out", async () => {
    await failFiveTimes(a.scheduler.email, "10.0.0.4");
    expect((await login(a.scheduler.email, FIXTURE_PASSWORD, "10.0.0.4")).statusCode).toBe(429);
    // Fifteen minutes later (the lock's end moved into the past).
    await t.database.db.update(users).set({ lockedUntil: new Date(Date.now() - 1000) }).where(eq(users.id, a.scheduler.id));
    expect((await login(a.scheduler.email, FIXTURE_PASSWORD, "10.0.0.4")).statusCode).toBe(200);
    expect(await lockState(a.scheduler.id)).toEqual({ failedLogins: 0, lockedUntil: null });
  });

  it("limits one client address across every e-mail address it tries, and no other client", async () => {
    const attacker = "10.6.6.6";
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 31; attempt += 1) {
      statuses.push((await login(`guess.${attempt}@fixture.test`, "password1", attacker)).statusCode);
    }
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    const limited = await login(b.admin.email, FIXTURE_PASSWORD, attacker);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: "RATE_LIMITED" });
    expect(limited.json().message).toMatch(/^[A-Z].*\.$/);
    expect((await login(b.admin.email, FIXTURE_PASSWORD, "10.0.0.5")).statusCode).toBe(200);
  });
});
