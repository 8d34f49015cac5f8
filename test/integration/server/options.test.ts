import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, calendarLinks, userOptions } from "../../../src/store/schema.ts";
import { signIn, startTestApp, type Client, type TestApp } from "../../support/app.ts";
import { createTwoOrganizations, type OrgFixture } from "../../support/fixtures.ts";

const ACCOUNT = "/api/account/options/scheduling";
const MINE = "/api/me/options/scheduling";

describe("scheduling options", () => {
  let t: TestApp;
  let a: OrgFixture;
  let b: OrgFixture;
  let admin: Client;
  let licensed: Client;

  beforeAll(async () => {
    t = await startTestApp();
    [a, b] = await createTwoOrganizations(t.database.db);
    admin = await signIn(t.app, a.admin.email);
    licensed = await signIn(t.app, a.licensed.email);
  });
  afterAll(async () => t.close());

  const auditKinds = async () =>
    (await t.database.db.select().from(auditLog).where(eq(auditLog.orgId, a.orgId))).map((entry) => entry.kind);

  it("are read and changed by account administrators only, each change audited", async () => {
    expect((await licensed.request({ method: "GET", url: ACCOUNT })).statusCode).toBe(403);
    expect((await licensed.request({ method: "PATCH", url: ACCOUNT, payload: { integrationEnabled: true } })).statusCode).toBe(403);
    expect((await admin.request({ method: "GET", url: ACCOUNT })).json()).toEqual({ integrationEnabled: false, usersCanOverride: false });

    const on = await admin.request({ method: "PATCH", url: ACCOUNT, payload: { integrationEnabled: true } });
    expect(on.json()).toEqual({ integrationEnabled: true, usersCanOverride: false });
    expect(await auditKinds()).toEqual(["options.account.scheduling_changed"]);
    const otherAdmin = await signIn(t.app, b.admin.email);
    expect((await otherAdmin.request({ method: "GET", url: ACCOUNT })).json().integrationEnabled).toBe(false);
  });

  it("ask for confirmation before turning the integration off for linked users, writing nothing until then", async () => {
    await t.database.db.insert(calendarLinks).values([
      { orgId: a.orgId, userId: a.admin.id, mailboxId: "mbx-admin", mailboxAddress: "admin@outlook.test", state: "active" },
      { orgId: a.orgId, userId: a.licensed.id, mailboxId: "mbx-licensed", mailboxAddress: "licensed@outlook.test", state: "needs_relink" },
    ]);
    const auditBefore = await auditKinds();
    const unconfirmed = await admin.request({ method: "PATCH", url: ACCOUNT, payload: { integrationEnabled: false } });
    expect(unconfirmed.statusCode).toBe(409);
    expect(unconfirmed.json()).toEqual({
      code: "CONFIRM_UNLINK",
      message: "This turns the integration off for 2 linked users and unlinks their calendars.",
      linkedUsers: 2,
    });
    expect((await admin.request({ method: "GET", url: ACCOUNT })).json().integrationEnabled).toBe(true);
    expect(await auditKinds()).toEqual(auditBefore);
    const links = () => t.database.db.select().from(calendarLinks).where(inArray(calendarLinks.userId, [a.admin.id, a.licensed.id]));
    expect((await links()).map((link) => link.state).sort()).toEqual(["active", "needs_relink"]);

    const confirmed = await admin.request({ method: "PATCH", url: ACCOUNT, payload: { integrationEnabled: false, confirmUnlink: true } });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().integrationEnabled).toBe(false);
    expect((await links()).map((link) => link.state)).toEqual(["unlinking", "unlinking"]);
    expect(await auditKinds()).toHaveLength(auditBefore.length + 1);
  });

  it("let a user change their own value only while overriding is allowed", async () => {
    const refused = await licensed.request({ method: "PATCH", url: MINE, payload: { integrationSelf: true } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe("OPTIONS_OVERRIDE_NOT_ALLOWED");
    const readOnly = (await licensed.request({ method: "GET", url: MINE })).json();
    expect(readOnly).toMatchObject({ integrationSelf: null, editable: false, effective: false });
    expect(readOnly.readOnlyReason).toMatch(/Account Administrator/);
    expect(await t.database.db.select().from(userOptions).where(eq(userOptions.userId, a.licensed.id))).toHaveLength(0);

    await admin.request({ method: "PATCH", url: ACCOUNT, payload: { usersCanOverride: true } });
    const changed = await licensed.request({ method: "PATCH", url: MINE, payload: { integrationSelf: true } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ integrationSelf: true, editable: true, readOnlyReason: null, effective: true });
  });

  it("ask a linked user to confirm before their own switch unlinks them", async () => {
    await t.database.db.delete(calendarLinks).where(eq(calendarLinks.userId, a.licensed.id));
    await t.database.db
      .insert(calendarLinks)
      .values({ orgId: a.orgId, userId: a.licensed.id, mailboxId: "mbx-licensed-2", mailboxAddress: "licensed@outlook.test" });
    const unconfirmed = await licensed.request({ method: "PATCH", url: MINE, payload: { integrationSelf: false } });
    expect(unconfirmed.statusCode).toBe(409);
    expect(unconfirmed.json().message).toBe("This turns the integration off for 1 linked user and unlinks their calendar.");
    const confirmed = await licensed.request({ method: "PATCH", url: MINE, payload: { integrationSelf: false, confirmUnlink: true } });
    expect(confirmed.json().effective).toBe(false);
    const [link] = await t.database.db.select().from(calendarLinks).where(eq(calendarLinks.userId, a.licensed.id));
    expect(link?.state).toBe("unlinking");
  });
});
