import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../../src/store/db.ts";
import { auditLog, calendarLinks, mirrorItems, sessions, sessionShares } from "../../../src/store/schema.ts";
import { startAppWithTwoOrganizations, type Client, type TestApp } from "../../support/app.ts";
import type { OrgFixture } from "../../support/fixtures.ts";

const HOUR_MS = 3_600_000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR_MS).toISOString();

describe("sessions", () => {
  let t: TestApp;
  let a: OrgFixture;
  let b: OrgFixture;
  let admin: Client;
  let licensed: Client;
  let scheduler: Client;
  let unlicensed: Client;
  let otherAdmin: Client;

  beforeAll(async () => {
    ({ t, a, b, admin, licensed, scheduler, unlicensed, otherAdmin } = await startAppWithTwoOrganizations());
  });
  afterAll(async () => t.close());

  const draft = (overrides: Record<string, unknown> = {}) => ({
    title: "Follow-up",
    hostId: a.licensed.id,
    startsAt: inHours(2),
    durationMin: 30,
    timeZone: "America/Chicago",
    participants: [{ name: "Pat Doe", email: "pat@example.test", phone: "+1 555 0100" }],
    ...overrides,
  });

  async function create(client: Client, overrides: Record<string, unknown> = {}) {
    const response = await client.request({ method: "POST", url: "/api/sessions", payload: draft(overrides) });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; hostJoinUrl: string | null; participantJoinUrl: string }>();
  }

  /** Every table a session change writes to. */
  async function counts() {
    const [row] = await queryRows<Record<string, number | string>>(
      t.database.db,
      sql`select (select count(*) from sessions) as sessions,
                 (select count(*) from session_participants) as participants,
                 (select count(*) from audit_log) as audit,
                 (select count(*) from mirror_items) as items,
                 (select count(*) from sessions where updated_at <> created_at) as updated`,
    );
    return Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key, Number(value)]));
  }

  async function expectRefused(request: () => Promise<{ statusCode: number; json(): unknown }>, status: number, code: string) {
    const before = await counts();
    const response = await request();
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ code });
    expect(await counts()).toEqual(before);
  }

  it("lets a licensed user create a session they host, with join links and an audit entry", async () => {
    const created = await create(licensed);
    const view = (await licensed.request({ method: "GET", url: `/api/sessions/${created.id}` })).json();
    expect(view).toMatchObject({
      title: "Follow-up",
      hostedByMe: true,
      durationMin: 30,
      timeZone: "America/Chicago",
      status: "scheduled",
      participants: [{ name: "Pat Doe", email: "pat@example.test", phone: "+1 555 0100" }],
      sync: { state: "not_linked", message: null },
    });
    expect(view.hostJoinUrl).toMatch(/^http:\/\/careroom\.test\/room\/[A-Za-z0-9_-]{43}$/);
    expect(view.participantJoinUrl).not.toBe(view.hostJoinUrl);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.kind, "session.created"));
    expect(audit.map((entry) => entry.details)).toContainEqual({ sessionId: created.id });
  });

  it("lets a scheduler create for a licensed host, and refuses an unlicensed user", async () => {
    const created = await create(scheduler);
    const row = await t.database.db.select().from(sessions).where(eq(sessions.id, created.id));
    expect(row[0]).toMatchObject({ hostId: a.licensed.id, createdBy: a.scheduler.id });
    await expectRefused(() => unlicensed.request({ method: "POST", url: "/api/sessions", payload: draft({ hostId: a.unlicensed.id }) }), 403, "AUTH_FORBIDDEN");
    await expectRefused(() => licensed.request({ method: "POST", url: "/api/sessions", payload: draft({ hostId: a.admin.id }) }), 403, "AUTH_FORBIDDEN");
  });

  it("refuses invalid sessions with a clear 4xx and writes nothing", async () => {
    const post = (payload: unknown) => () => admin.request({ method: "POST", url: "/api/sessions", payload });
    await expectRefused(post(draft({ timeZone: "Mars/Olympus_Mons" })), 400, "SESSION_TIME_ZONE_UNKNOWN");
    await expectRefused(post(draft({ startsAt: inHours(-30) })), 400, "SESSION_START_OUT_OF_RANGE");
    await expectRefused(post(draft({ startsAt: "2031-01-01T09:00:00Z" })), 400, "SESSION_START_OUT_OF_RANGE");
    await expectRefused(post(draft({ hostId: a.unlicensed.id })), 400, "SESSION_HOST_NOT_LICENSED");
    await expectRefused(post(draft({ hostId: b.licensed.id })), 400, "SESSION_HOST_NOT_IN_ORGANIZATION");
    await expectRefused(post(draft({ title: "x".repeat(121) })), 400, "VALIDATION_FAILED");
    await expectRefused(post(draft({ durationMin: 0 })), 400, "VALIDATION_FAILED");
    await expectRefused(post(draft({ surprise: true })), 400, "VALIDATION_FAILED");
    await expectRefused(post(draft({ participants: [{ name: "X", email: "not an address" }] })), 400, "VALIDATION_FAILED");
    await expectRefused(
      () => admin.request({ method: "POST", url: "/api/sessions", payload: "{", headers: { "content-type": "application/json" } }),
      400,
      "REQUEST_BODY_NOT_JSON",
    );
    const tooLong = await admin.request({ method: "POST", url: "/api/sessions", payload: draft({ title: "x".repeat(121) }) });
    expect(tooLong.json()).toEqual({
      code: "VALIDATION_FAILED",
      message: "The title must be at most 120 characters.",
      fields: { title: "must be at most 120 characters" },
    });
  });

  it("reschedules, edits and changes the host in one request each", async () => {
    const { id } = await create(admin, { hostId: a.admin.id });
    const startsAt = inHours(48);
    const rescheduled = await admin.request({
      method: "PATCH",
      url: `/api/sessions/${id}`,
      payload: { startsAt, durationMin: 60, timeZone: "Asia/Kolkata" },
    });
    expect(rescheduled.statusCode).toBe(200);
    expect(rescheduled.json()).toMatchObject({ startsAt, durationMin: 60, timeZone: "Asia/Kolkata", title: "Follow-up" });
    expect(rescheduled.json().participants).toHaveLength(1);

    const moved = await admin.request({ method: "PATCH", url: `/api/sessions/${id}`, payload: { hostId: a.licensed.id, notes: "Bring the lab results." } });
    expect(moved.json()).toMatchObject({ host: { id: a.licensed.id }, hostedByMe: false, notes: "Bring the lab results." });
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.kind, "session.updated"));
    expect(audit.map((entry) => entry.details)).toContainEqual({
      sessionId: id,
      changed: ["hostId", "notes"],
      previousHostId: a.admin.id,
      hostId: a.licensed.id,
    });
  });

  it("refuses invalid changes and writes nothing", async () => {
    const { id } = await create(licensed);
    const patch = (payload: unknown, client = licensed) => () => client.request({ method: "PATCH", url: `/api/sessions/${id}`, payload });
    await expectRefused(patch({ timeZone: "Nowhere/Land" }), 400, "SESSION_TIME_ZONE_UNKNOWN");
    await expectRefused(patch({}), 400, "VALIDATION_FAILED");
    await expectRefused(patch({ hostId: a.admin.id }), 403, "AUTH_FORBIDDEN");
    await expectRefused(patch({ title: "Mine now" }, unlicensed), 403, "AUTH_FORBIDDEN");
    await expectRefused(patch({ hostId: a.scheduler.id }, admin), 400, "SESSION_HOST_NOT_LICENSED");

    const cancelled = await licensed.request({ method: "POST", url: `/api/sessions/${id}/cancel` });
    expect(cancelled.json().status).toBe("cancelled");
    await expectRefused(patch({ startsAt: inHours(5) }), 409, "SESSION_CANCELLED");
  });

  it("hides another organization's sessions behind 404", async () => {
    const { id } = await create(licensed);
    for (const request of [
      { method: "GET" as const, url: `/api/sessions/${id}` },
      { method: "PATCH" as const, url: `/api/sessions/${id}`, payload: { title: "Taken over" } },
      { method: "POST" as const, url: `/api/sessions/${id}/cancel` },
      { method: "DELETE" as const, url: `/api/sessions/${id}` },
    ]) {
      await expectRefused(() => otherAdmin.request(request), 404, "SESSION_NOT_FOUND");
    }
    const list = await otherAdmin.request({ method: "GET", url: "/api/sessions" });
    expect(list.json().sessions.map((s: { id: string }) => s.id)).not.toContain(id);
    const hosts = await otherAdmin.request({ method: "GET", url: "/api/hosts" });
    expect(hosts.json().hosts.map((h: { id: string }) => h.id).sort()).toEqual([b.admin.id, b.licensed.id].sort());
  });

  it("cancels and deletes, keeping deleted rows for the worker but out of every view", async () => {
    const { id } = await create(licensed);
    const deleted = await licensed.request({ method: "DELETE", url: `/api/sessions/${id}` });
    expect(deleted.statusCode).toBe(204);
    expect((await licensed.request({ method: "GET", url: `/api/sessions/${id}` })).statusCode).toBe(404);
    const [row] = await t.database.db.select().from(sessions).where(eq(sessions.id, id));
    expect(row?.deletedAt).toBeInstanceOf(Date);
    const again = await licensed.request({ method: "DELETE", url: `/api/sessions/${id}` });
    expect(again.statusCode).toBe(404);
  });

  it("marks mirror items dirty in the same transaction as the change, old host's included", async () => {
    const [link] = await t.database.db
      .insert(calendarLinks)
      .values({ orgId: a.orgId, userId: a.licensed.id, mailboxId: "mbx-licensed-a", mailboxAddress: "licensed.a@outlook.test", state: "active" })
      .returning();
    const { id } = await create(licensed);
    const items = await t.database.db.select().from(mirrorItems).where(eq(mirrorItems.sessionId, id));
    expect(items).toMatchObject([{ linkId: link?.id, dirty: true }]);
    expect((await licensed.request({ method: "GET", url: `/api/sessions/${id}` })).json().sync).toEqual({ state: "pending", message: null });

    // The worker pushed it, then the host changes: the old host's item must be dirty again.
    await t.database.db.update(mirrorItems).set({ dirty: false }).where(eq(mirrorItems.sessionId, id));
    expect((await licensed.request({ method: "GET", url: `/api/sessions/${id}` })).json().sync.state).toBe("synced");
    const moved = await admin.request({ method: "PATCH", url: `/api/sessions/${id}`, payload: { hostId: a.admin.id } });
    expect(moved.statusCode).toBe(200);
    const [oldItem] = await t.database.db
      .select()
      .from(mirrorItems)
      .where(and(eq(mirrorItems.sessionId, id), eq(mirrorItems.linkId, link?.id ?? "")));
    expect(oldItem?.dirty).toBe(true);
    expect(moved.json().sync.state).toBe("not_linked");

    await t.database.db.update(mirrorItems).set({ dirty: true, lastError: "Microsoft Outlook refused the change to this event." }).where(eq(mirrorItems.sessionId, id));
    const back = await admin.request({ method: "PATCH", url: `/api/sessions/${id}`, payload: { hostId: a.licensed.id } });
    expect(back.json().sync).toEqual({ state: "pending", message: null });
    await t.database.db.update(mirrorItems).set({ lastError: "Microsoft Outlook refused the change to this event." }).where(eq(mirrorItems.sessionId, id));
    expect((await licensed.request({ method: "GET", url: `/api/sessions/${id}` })).json().sync).toEqual({
      state: "failed",
      message: "Microsoft Outlook refused the change to this event.",
    });

    await t.database.db.update(mirrorItems).set({ dirty: false, lastError: null }).where(eq(mirrorItems.sessionId, id));
    await licensed.request({ method: "POST", url: `/api/sessions/${id}/cancel` });
    const [afterCancel] = await t.database.db.select().from(mirrorItems).where(eq(mirrorItems.sessionId, id));
    expect(afterCancel?.dirty).toBe(true);
  });

  it("lists active sessions the user hosts, created or was shared, sorted by start, and nothing else", async () => {
    const dana = await create(admin, { hostId: a.licensed.id, title: "Created by the admin", startsAt: inHours(30) });
    const own = await create(admin, { hostId: a.admin.id, title: "Hosted by the admin", startsAt: inHours(3) });
    const shared = await create(licensed, { title: "Shared with the admin", startsAt: inHours(20) });
    const notShared = await create(licensed, { title: "Not the admin's", startsAt: inHours(4) });
    await t.database.db.insert(sessionShares).values({ sessionId: shared.id, userId: a.admin.id });
    const cancelled = await create(admin, { hostId: a.admin.id, title: "Cancelled", startsAt: inHours(5) });
    await admin.request({ method: "POST", url: `/api/sessions/${cancelled.id}/cancel` });
    const ended = await create(admin, { hostId: a.admin.id, title: "Ended", startsAt: inHours(1) });
    await t.database.db.update(sessions).set({ startsAt: new Date(Date.now() - 2 * HOUR_MS) }).where(eq(sessions.id, ended.id));

    const list = (await admin.request({ method: "GET", url: "/api/sessions" })).json().sessions as {
      id: string;
      title: string;
      hostedByMe: boolean;
      hostJoinUrl: string | null;
    }[];
    const ids = list.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining([own.id, shared.id, dana.id]));
    expect(ids).not.toContain(notShared.id);
    expect(ids).not.toContain(cancelled.id);
    expect(ids).not.toContain(ended.id);
    const positions = [own.id, shared.id, dana.id].map((id) => ids.indexOf(id));
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(list.find((s) => s.id === own.id)?.hostedByMe).toBe(true);
    expect(list.find((s) => s.id === dana.id)?.hostedByMe).toBe(false);

    const sharedView = await unlicensed.request({ method: "GET", url: `/api/sessions/${shared.id}` });
    expect(sharedView.statusCode).toBe(404);
    await t.database.db.insert(sessionShares).values({ sessionId: shared.id, userId: a.unlicensed.id });
    const seenByShare = (await unlicensed.request({ method: "GET", url: `/api/sessions/${shared.id}` })).json();
    expect(seenByShare.hostJoinUrl).toBeNull();
    expect(seenByShare.participantJoinUrl).toMatch(/\/room\//);
  });

  it("shows the room page data for a join link, without participants", async () => {
    const created = await create(licensed);
    const token = created.participantJoinUrl.split("/room/")[1] ?? "";
    const room = await licensed.request({ method: "GET", url: `/api/rooms/${token}` });
    expect(room.json()).toEqual({ title: "Video session", startsAt: expect.any(String), durationMin: 30, timeZone: "America/Chicago", role: "participant" });
    const hostToken = created.hostJoinUrl?.split("/room/")[1] ?? "";
    expect((await t.app.inject({ method: "GET", url: `/api/rooms/${hostToken}` })).json().role).toBe("host");
    expect((await t.app.inject({ method: "GET", url: "/api/rooms/unknown-token" })).statusCode).toBe(404);
  });
});
