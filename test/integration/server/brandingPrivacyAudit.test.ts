/** Account Options → Branding and Privacy, and the audit log API: validation, effects, filters and paging. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../../src/store/db.ts";
import { calendarLinks, mirrorItems, sessions } from "../../../src/store/schema.ts";
import { signIn, startTestApp, type Client, type TestApp } from "../../support/app.ts";
import { createTwoOrganizations, type OrgFixture } from "../../support/fixtures.ts";

const BRANDING = "/api/account/options/branding";
const PRIVACY = "/api/account/options/privacy";
const AUDIT = "/api/account/audit";

describe("branding, privacy and the audit log", () => {
  let t: TestApp;
  let a: OrgFixture;
  let b: OrgFixture;
  let admin: Client;

  beforeAll(async () => {
    t = await startTestApp();
    [a, b] = await createTwoOrganizations(t.database.db);
    admin = await signIn(t.app, a.admin.email);
  });
  afterAll(async () => t.close());

  it("refuses a colour that is not #rrggbb with a sentence, and applies a valid one to Me", async () => {
    const bad = await admin.request({ method: "PATCH", url: BRANDING, payload: { primaryColor: "red" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe("The primary button colour must be a colour such as #1f6feb.");
    const saved = await admin.request({ method: "PATCH", url: BRANDING, payload: { primaryColor: "#AA3300", logoText: "Clinic A+" } });
    expect(saved.json()).toEqual({ primaryColor: "#aa3300", secondaryColor: "#8957e5", logoText: "Clinic A+" });
    expect((await admin.request({ method: "GET", url: "/api/me" })).json().organization.branding.primaryColor).toBe("#aa3300");
    const otherAdmin = await signIn(t.app, b.admin.email);
    expect((await otherAdmin.request({ method: "GET", url: BRANDING })).json().primaryColor).toBe("#1f6feb");
  });

  it("marks the mirror items of the organization's links dirty when the privacy level changes, and only those", async () => {
    const session = (orgId: string, hostId: string) => ({
      orgId, hostId, createdBy: hostId, title: "Check-in", startsAt: new Date(Date.now() + 3_600_000), durationMin: 30,
      timeZone: "UTC", hostJoinToken: `h-${hostId}`, participantJoinToken: `p-${hostId}`,
    });
    const [sa, sb, sc] = await t.database.db
      .insert(sessions)
      .values([session(a.orgId, a.admin.id), session(b.orgId, b.admin.id), session(a.orgId, a.licensed.id)])
      .returning({ id: sessions.id });
    const [la, lb, lc] = await t.database.db
      .insert(calendarLinks)
      .values([
        { orgId: a.orgId, userId: a.admin.id, mailboxId: "m-a", mailboxAddress: "a@outlook.test" },
        { orgId: b.orgId, userId: b.admin.id, mailboxId: "m-b", mailboxAddress: "b@outlook.test" },
        { orgId: a.orgId, userId: a.licensed.id, mailboxId: "m-c", mailboxAddress: "c@outlook.test", state: "unlinking" },
      ])
      .returning({ id: calendarLinks.id });
    await t.database.db.insert(mirrorItems).values([
      { linkId: la!.id, sessionId: sa!.id, dirty: false },
      { linkId: lb!.id, sessionId: sb!.id, dirty: false },
      { linkId: lc!.id, sessionId: sc!.id, dirty: false },
    ]);
    expect((await admin.request({ method: "GET", url: PRIVACY })).json()).toEqual({ privacyLevel: "minimal" });
    expect((await admin.request({ method: "PATCH", url: PRIVACY, payload: { privacyLevel: "secret" } })).statusCode).toBe(400);

    const changed = await admin.request({ method: "PATCH", url: PRIVACY, payload: { privacyLevel: "initials" } });
    expect(changed.json()).toEqual({ privacyLevel: "initials" });
    const dirty = await queryRows<{ link_id: string; dirty: boolean }>(t.database.db, sql`select link_id, dirty from mirror_items`);
    expect(Object.fromEntries(dirty.map((row) => [row.link_id, row.dirty]))).toEqual({ [la!.id]: true, [lb!.id]: false, [lc!.id]: false });
    await t.database.db.delete(mirrorItems);
    await t.database.db.delete(calendarLinks);
  });

  it("lists what changed, newest first, with who and what in words, filterable by user and kind, paged by id", async () => {
    await admin.request({ method: "PATCH", url: "/api/account/users/" + a.licensed.id, payload: { licensed: false } });
    await admin.request({ method: "PATCH", url: "/api/account/users/" + a.licensed.id, payload: { licensed: true } });
    const all = (await admin.request({ method: "GET", url: AUDIT })).json();
    expect(all.entries.map((entry: { kind: string }) => entry.kind)).toEqual([
      "user.licence_changed",
      "user.licence_changed",
      "options.account.privacy_changed",
      "branding.changed",
    ]);
    expect(all.entries[0]).toMatchObject({ what: "Licence changed", actor: { name: a.admin.name }, subjectUser: { name: a.licensed.name }, details: { before: false, after: true } });
    expect(all.kinds).toEqual(expect.arrayContaining([{ kind: "branding.changed", what: "Branding changed" }]));

    const byUser = (await admin.request({ method: "GET", url: `${AUDIT}?userId=${a.licensed.id}` })).json();
    expect(byUser.entries).toHaveLength(2);
    const byKind = (await admin.request({ method: "GET", url: `${AUDIT}?kind=branding.changed` })).json();
    expect(byKind.entries.map((entry: { what: string }) => entry.what)).toEqual(["Branding changed"]);

    const first = (await admin.request({ method: "GET", url: `${AUDIT}?limit=3` })).json();
    expect(first.entries).toHaveLength(3);
    const second = (await admin.request({ method: "GET", url: `${AUDIT}?limit=3&before=${first.nextBefore}` })).json();
    expect(second.entries.map((entry: { kind: string }) => entry.kind)).toEqual(["branding.changed"]);
    expect(second.nextBefore).toBeNull();
    const bad = await admin.request({ method: "GET", url: `${AUDIT}?limit=lots` });
    expect(bad.statusCode).toBe(400);

    const otherAdmin = await signIn(t.app, b.admin.email);
    expect((await otherAdmin.request({ method: "GET", url: AUDIT })).json().entries).toEqual([]);
  });

  it("is append-only in the database", async () => {
    await expect(t.database.db.execute(sql`delete from audit_log where org_id = ${a.orgId}`)).rejects.toThrow();
    expect((await admin.request({ method: "GET", url: AUDIT })).json().entries.length).toBeGreaterThan(0);
  });
});
