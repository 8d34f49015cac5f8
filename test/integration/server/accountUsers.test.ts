/** Account Users: the list, adding a user, roles, licence, deactivation, the last administrator, per-user options. */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, authSessions, calendarLinks, userRoles, users } from "../../../src/store/schema.ts";
import { signIn, startTestApp, type Client, type TestApp } from "../../support/app.ts";
import { createTwoOrganizations, type OrgFixture } from "../../support/fixtures.ts";

const USERS = "/api/account/users";
const ACCOUNT = "/api/account/options/scheduling";
const optionsOf = (id: string) => `${USERS}/${id}/options/scheduling`;

describe("Account Users", () => {
  let t: TestApp;
  let a: OrgFixture;
  let admin: Client;

  beforeAll(async () => {
    t = await startTestApp();
    [a] = await createTwoOrganizations(t.database.db);
    admin = await signIn(t.app, a.admin.email);
    await t.database.db.insert(calendarLinks).values([
      { orgId: a.orgId, userId: a.licensed.id, mailboxId: "mbx-licensed", mailboxAddress: "licensed@outlook.test" },
      { orgId: a.orgId, userId: a.admin.id, mailboxId: "mbx-admin", mailboxAddress: "admin@outlook.test", state: "needs_relink" },
    ]);
  });
  afterAll(async () => t.close());

  const linkState = async (userId: string) =>
    (await t.database.db.select().from(calendarLinks).where(eq(calendarLinks.userId, userId)))[0]?.state;
  const auditOf = async (userId: string) =>
    (await t.database.db.select().from(auditLog).where(eq(auditLog.subjectUserId, userId))).map((entry) => entry.kind);

  it("lists the organization's users with roles, licence, status and link state, and no one else", async () => {
    const response = await admin.request({ method: "GET", url: USERS });
    expect(response.statusCode).toBe(200);
    const list = response.json<{ users: Array<Record<string, unknown>> }>().users;
    expect(list.map((user) => user.email)).toEqual([a.admin.email, a.licensed.email, a.scheduler.email, a.unlicensed.email]);
    expect(list[0]).toMatchObject({ roles: ["account_admin"], licensed: true, active: true, link: { state: "needs_relink", mailboxAddress: "admin@outlook.test" } });
    expect(list[1]).toMatchObject({ roles: [], link: { state: "active", mailboxAddress: "licensed@outlook.test" } });
    expect(list[2]).toMatchObject({ roles: ["scheduler"], licensed: false, link: null });
  });

  it("adds a user who can then sign in; a taken address or a short password is refused with a sentence", async () => {
    const created = await admin.request({
      method: "POST",
      url: USERS,
      payload: { name: "Robin New", email: "robin@fixture.test", password: "a long password", roles: ["scheduler"], licensed: true },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: "Robin New", roles: ["scheduler"], licensed: true, active: true, link: null });
    await signIn(t.app, "robin@fixture.test", "a long password");
    expect(await auditOf(created.json<{ id: string }>().id)).toEqual(["user.added"]);

    const taken = await admin.request({ method: "POST", url: USERS, payload: { name: "Copy", email: "ROBIN@fixture.test", password: "another password" } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe("USER_EMAIL_TAKEN");
    const short = await admin.request({ method: "POST", url: USERS, payload: { name: "Short", email: "short@fixture.test", password: "short" } });
    expect(short.statusCode).toBe(400);
    expect(short.json().message).toBe("The password must be at least 8 characters.");
    expect(await t.database.db.select().from(users).where(eq(users.email, "short@fixture.test"))).toHaveLength(0);
  });

  it("changes roles and the licence, each audited", async () => {
    const changed = await admin.request({ method: "PATCH", url: `${USERS}/${a.unlicensed.id}`, payload: { roles: ["scheduler"], licensed: true } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ roles: ["scheduler"], licensed: true });
    expect((await auditOf(a.unlicensed.id)).sort()).toEqual(["user.licence_changed", "user.roles_changed"]);
    const same = await admin.request({ method: "PATCH", url: `${USERS}/${a.unlicensed.id}`, payload: { roles: ["scheduler"] } });
    expect(same.statusCode).toBe(200);
    expect(await auditOf(a.unlicensed.id)).toHaveLength(2);
  });

  it("asks to confirm before a licence removal unlinks a linked user, then unlinks them with the change", async () => {
    const unconfirmed = await admin.request({ method: "PATCH", url: `${USERS}/${a.licensed.id}`, payload: { licensed: false } });
    expect(unconfirmed.statusCode).toBe(409);
    expect(unconfirmed.json()).toMatchObject({ code: "CONFIRM_UNLINK", linkedUsers: 1 });
    const [still] = await t.database.db.select().from(users).where(eq(users.id, a.licensed.id));
    expect(still?.licensed).toBe(true);
    expect(await linkState(a.licensed.id)).toBe("active");

    const confirmed = await admin.request({ method: "PATCH", url: `${USERS}/${a.licensed.id}`, payload: { licensed: false, confirmUnlink: true } });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ licensed: false, link: { state: "unlinking" } });
    expect(await linkState(a.licensed.id)).toBe("unlinking");
  });

  it("deactivating a user ends their sign-in sessions; reactivating lets them sign in again", async () => {
    const scheduler = await signIn(t.app, a.scheduler.email);
    const off = await admin.request({ method: "PATCH", url: `${USERS}/${a.scheduler.id}`, payload: { active: false } });
    expect(off.statusCode).toBe(200);
    expect(await t.database.db.select().from(authSessions).where(eq(authSessions.userId, a.scheduler.id))).toHaveLength(0);
    expect((await scheduler.request({ method: "GET", url: "/api/me" })).statusCode).toBe(401);
    const login = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: a.scheduler.email, password: "correct horse battery staple" } });
    expect(login.json().code).toBe("AUTH_ACCOUNT_INACTIVE");
    await admin.request({ method: "PATCH", url: `${USERS}/${a.scheduler.id}`, payload: { active: true } });
    await signIn(t.app, a.scheduler.email);
    expect((await auditOf(a.scheduler.id)).sort()).toEqual(["user.deactivated", "user.reactivated"]);
  });

  it("never leaves the organization without an active Account Administrator", async () => {
    for (const payload of [{ roles: [] }, { active: false }, { roles: ["scheduler"], confirmUnlink: true }]) {
      const refused = await admin.request({ method: "PATCH", url: `${USERS}/${a.admin.id}`, payload });
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json()).toMatchObject({ code: "USER_LAST_ADMIN", message: expect.stringMatching(/at least one active Account Administrator/) });
    }
    expect(await t.database.db.select().from(userRoles).where(and(eq(userRoles.userId, a.admin.id), eq(userRoles.role, "account_admin")))).toHaveLength(1);

    await admin.request({ method: "PATCH", url: `${USERS}/${a.scheduler.id}`, payload: { roles: ["account_admin", "scheduler"] } });
    const stepDown = await admin.request({ method: "PATCH", url: `${USERS}/${a.admin.id}`, payload: { roles: [] } });
    expect(stepDown.statusCode).toBe(200);
    expect((await admin.request({ method: "GET", url: USERS })).statusCode).toBe(403);
  });

  it("per-user options: an administrator's value counts whatever Can Users Override? says, and No unlinks after confirmation", async () => {
    const newAdmin = await signIn(t.app, a.scheduler.email);
    await newAdmin.request({ method: "PATCH", url: `${USERS}/${a.licensed.id}`, payload: { licensed: true } });
    await t.database.db.delete(calendarLinks).where(eq(calendarLinks.userId, a.licensed.id));
    const user = await signIn(t.app, a.licensed.email);
    expect((await user.request({ method: "GET", url: "/api/me/calendar-link" })).json().canLink).toBe(false);

    const yes = await newAdmin.request({ method: "PATCH", url: optionsOf(a.licensed.id), payload: { integrationAdmin: true } });
    expect(yes.json()).toMatchObject({ integrationAdmin: true, effective: true, user: { name: a.licensed.name } });
    expect((await user.request({ method: "GET", url: "/api/me/calendar-link" })).json().canLink).toBe(true);
    expect((await newAdmin.request({ method: "GET", url: ACCOUNT })).json().usersCanOverride).toBe(false);

    await t.database.db.insert(calendarLinks).values({ orgId: a.orgId, userId: a.licensed.id, mailboxId: "mbx-2", mailboxAddress: "l2@outlook.test" });
    const unconfirmed = await newAdmin.request({ method: "PATCH", url: optionsOf(a.licensed.id), payload: { integrationAdmin: false } });
    expect(unconfirmed.statusCode).toBe(409);
    expect((await newAdmin.request({ method: "GET", url: optionsOf(a.licensed.id) })).json().integrationAdmin).toBe(true);
    const confirmed = await newAdmin.request({ method: "PATCH", url: optionsOf(a.licensed.id), payload: { integrationAdmin: false, confirmUnlink: true } });
    expect(confirmed.json()).toMatchObject({ integrationAdmin: false, effective: false });
    expect(await linkState(a.licensed.id)).toBe("unlinking");

    const cleared = await newAdmin.request({ method: "PATCH", url: optionsOf(a.licensed.id), payload: { integrationAdmin: null } });
    expect(cleared.json()).toMatchObject({ integrationAdmin: null, effective: false });
    expect(await auditOf(a.licensed.id)).toEqual(expect.arrayContaining(["options.user.scheduling_changed"]));
  });
});
