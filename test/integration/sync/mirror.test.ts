/**
 * S-LINK-4, S-SYNC-1/2/3/5, S-UNLINK-1/2: the worker against a real database and the
 * Microsoft emulator, through the real authorization flow.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../src/store/db.ts";
import { calendarLinks, mirrorItems, sessions, sessionShares } from "../../../src/store/schema.ts";
import { insertSession } from "../../../src/store/sessions/insertSession.ts";
import { markSessionsDirty } from "../../../src/store/mirror/markSessionsDirty.ts";
import { startUnlink } from "../../../src/store/links/linkState.ts";
import { linkStatus } from "../../../src/store/links/linkStatus.ts";
import { SESSION_PROPERTY_ID } from "../../../src/microsoft/eventPayload.ts";
import type { OrgFixture } from "../../support/fixtures.ts";
import { startSyncedOrganizations, type SyncHarness } from "../../support/syncHarness.ts";

const MAILBOX = "iam.demo@outlook.test";

describe("mirror of sessions into Outlook", () => {
  let database: Database;
  let harness: SyncHarness;
  let org: OrgFixture;
  let other: OrgFixture;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ database, harness, org, other, close } = await startSyncedOrganizations());
  });
  afterAll(async () => close?.());
  beforeEach(async () => {
    // Each test starts with no session, no link and an empty mailbox.
    await database.db.delete(mirrorItems);
    await database.db.delete(calendarLinks);
    await database.db.delete(sessionShares);
    await database.db.delete(sessions);
    await harness.control("POST", "/reset");
  });

  async function newSession(hostId: string, options: { startsInMin?: number; participants?: string[]; timeZone?: string } = {}) {
    return database.db.transaction(async (tx) => {
      const id = await insertSession(tx, {
        orgId: org.orgId,
        hostId,
        createdBy: hostId,
        title: "Follow-up",
        startsAt: new Date(Date.now() + (options.startsInMin ?? 24 * 60) * 60_000),
        durationMin: 45,
        timeZone: options.timeZone ?? "America/New_York",
        notes: "private notes",
        hostJoinToken: randomBytes(16).toString("hex"),
        participantJoinToken: randomBytes(16).toString("hex"),
        participants: (options.participants ?? ["Jane Doe"]).map((name) => ({ name, email: "jane@example.test", phone: "+1 555 0100" })),
      });
      await markSessionsDirty(tx, [id]);
      return id;
    });
  }

  async function change(sessionId: string, values: Partial<typeof sessions.$inferInsert>) {
    await database.db.transaction(async (tx) => {
      await tx.update(sessions).set(values).where(eq(sessions.id, sessionId));
      await markSessionsDirty(tx, [sessionId]);
    });
  }

  async function settle(): Promise<void> {
    const worker = harness.newWorker();
    await worker.runUntilIdle();
  }

  const sessionIdsIn = (events: Awaited<ReturnType<SyncHarness["mailboxEvents"]>>) =>
    events.map((e) => e.singleValueExtendedProperties?.find((p) => p.id === SESSION_PROPERTY_ID)?.value).sort();

  it("copies every active hosted session on linking, never the ones only seen (S-LINK-4)", async () => {
    const hosted = [await newSession(org.admin.id), await newSession(org.admin.id, { startsInMin: 60 })];
    const seen = await newSession(org.licensed.id);
    await database.db.insert(sessionShares).values({ sessionId: seen, userId: org.admin.id });
    const ended = await newSession(org.admin.id, { startsInMin: -120 });

    await harness.link({ orgId: org.orgId, userId: org.admin.id }, MAILBOX);
    await settle();

    const events = await harness.mailboxEvents(MAILBOX);
    expect(sessionIdsIn(events)).toEqual([...hosted].sort());
    expect(sessionIdsIn(events)).not.toContain(ended);
  });

  it("shows no participant data at the minimal privacy level and never adds attendees (S-SYNC-3)", async () => {
    await newSession(org.admin.id, { participants: ["<img src=x onerror=alert(1)>"] });
    await harness.link({ orgId: org.orgId, userId: org.admin.id }, MAILBOX);
    await settle();
    const [event] = await harness.mailboxEvents(MAILBOX);
    expect(event?.subject).toBe("Video session");
    const text = JSON.stringify(event);
    for (const secret of ["jane@example.test", "555 0100", "private notes", "onerror", "Jane"]) expect(text).not.toContain(secret);
    expect(event?.attendees ?? []).toEqual([]);
    expect(event?.body.content).toContain(`${"http://localhost:3000"}/room/`);
  });

  it("follows a reschedule, a host change and a cancellation (S-SYNC-1)", async () => {
    const id = await newSession(org.admin.id, { timeZone: "America/Detroit" });
    await harness.link({ orgId: org.orgId, userId: org.admin.id }, MAILBOX);
    await settle();
    const [before] = await harness.mailboxEvents(MAILBOX);
    expect(before?.originalStartTimeZone).toBe("Eastern Standard Time");

    const later = new Date(Date.now() + 3 * 24 * 3600_000);
    await change(id, { startsAt: later, durationMin: 60 });
    await settle();
    const [moved] = await harness.mailboxEvents(MAILBOX);
    expect(moved?.id).toBe(before?.id);
    expect(moved?.start.dateTime).not.toBe(before?.start.dateTime);

    await change(id, { hostId: org.licensed.id });
    await settle();
    expect(await harness.mailboxEvents(MAILBOX)).toHaveLength(0);

    await change(id, { hostId: org.admin.id });
    await settle();
    expect(await harness.mailboxEvents(MAILBOX)).toHaveLength(1);

    await change(id, { status: "cancelled" });
    await settle();
    expect(await harness.mailboxEvents(MAILBOX)).toHaveLength(0);
    const items = await database.db.select().from(mirrorItems).where(eq(mirrorItems.sessionId, id));
    expect(items).toHaveLength(0);
  });

  it("never duplicates an event whose create reached Microsoft but whose answer was lost (S-SYNC-5)", async () => {
    await harness.link({ orgId: org.orgId, userId: org.admin.id }, MAILBOX);
    await harness.control("POST", "/faults", {
      faults: [{ method: "POST", path: "/v1.0/me/events", dropResponse: true, count: 1 }],
    });
    const id = await newSession(org.admin.id);
    await settle();
    // The answer was lost: the item waits for its retry; make it due now.
    await database.db.update(mirrorItems).set({ nextAttemptAt: new Date(0) });
    await settle();
    const events = await harness.mailboxEvents(MAILBOX);
    expect(sessionIdsIn(events)).toEqual([id]);
    const [item] = await database.db.select().from(mirrorItems).where(eq(mirrorItems.sessionId, id));
    expect(item?.dirty).toBe(false);
    expect(item?.remoteEventId).toBe(events[0]?.id);
  });

  it("retries after 503 and 429 without losing the change (S-SYNC-6)", async () => {
    await harness.link({ orgId: org.orgId, userId: org.admin.id }, MAILBOX);
    await harness.control("POST", "/faults", {
      faults: [
        { method: "POST", path: "/v1.0/me/events", status: 503, count: 1 },
        { method: "POST", path: "/v1.0/me/events", status: 429, retryAfter: 1, count: 1 },
      ],
    });
    const id = await newSession(org.admin.id);
    for (let round = 0; round < 3; round++) {
      await settle();
      await database.db.update(mirrorItems).set({ nextAttemptAt: new Date(0) }).where(sql`${mirrorItems.dirty}`);
    }
    expect(sessionIdsIn(await harness.mailboxEvents(MAILBOX))).toEqual([id]);
  });

  it("restores an event deleted or edited in Outlook on reconciliation (S-SYNC-2)", async () => {
    const id = await newSession(org.admin.id);
    await harness.link({ orgId: org.orgId, userId: org.admin.id }, MAILBOX);
    await settle();
    const [original] = await harness.mailboxEvents(MAILBOX);
    await harness.control("PATCH", `/mailboxes/${MAILBOX}/events/${original!.id}`, { subject: "Changed in Outlook" });
    await database.db.update(calendarLinks).set({ nextReconcileAt: new Date(0) });
    await settle();
    const [reverted] = await harness.mailboxEvents(MAILBOX);
    expect(reverted?.subject).toBe("Video session");
    // The profile page reports the comparison and what it put right.
    expect(await linkStatus(database.db, org.admin.id)).toMatchObject({ checkPending: false, lastCheckFixed: 1 });

    await harness.control("DELETE", `/mailboxes/${MAILBOX}/events/${original!.id}`);
    await database.db.update(calendarLinks).set({ nextReconcileAt: new Date(0) });
    await settle();
    expect(sessionIdsIn(await harness.mailboxEvents(MAILBOX))).toEqual([id]);
  });

  it("unlinks: removes every event of ours, even unrecorded ones, and touches nothing else (S-UNLINK-1/2)", async () => {
    await newSession(org.admin.id);
    await newSession(org.admin.id, { startsInMin: 90 });
    await harness.link({ orgId: org.orgId, userId: org.admin.id }, MAILBOX);
    await settle();
    const foreign = await harness.control("POST", `/mailboxes/${MAILBOX}/events`, {
      subject: "Dentist",
      start: { dateTime: "2026-12-24T10:00:00", timeZone: "UTC" },
      end: { dateTime: "2026-12-24T11:00:00", timeZone: "UTC" },
    });
    expect(foreign.status).toBe(201);
    // Lose one record: the extended property must still find its event.
    const [lost] = await database.db.select().from(mirrorItems).limit(1);
    await database.db.delete(mirrorItems).where(eq(mirrorItems.sessionId, lost!.sessionId));

    await database.db.transaction((tx) => startUnlink(tx, { userIds: [org.admin.id] }));
    await settle();

    const left = await harness.mailboxEvents(MAILBOX);
    expect(left.map((e) => e.subject)).toEqual(["Dentist"]);
    expect(await database.db.select().from(calendarLinks)).toHaveLength(0);
  });

  it("turns a link whose consent was revoked into needs_relink, without retrying in a loop (S-SYNC-7)", async () => {
    await harness.link({ orgId: org.orgId, userId: org.admin.id }, MAILBOX);
    await settle();
    await harness.control("POST", `/mailboxes/${MAILBOX}/revoke`, { reason: "consent" });
    // As with Microsoft, the access token already issued works until it expires; the
    // revocation shows at the next refresh.
    await harness.control("POST", "/clock", { advanceSeconds: 2 * 3600 });
    const id = await newSession(org.admin.id);
    await settle();
    const [link] = await database.db.select().from(calendarLinks);
    expect(link?.state).toBe("needs_relink");
    expect(link?.refreshTokenSealed).toBeNull();
    expect(link?.accessTokenSealed).toBeNull();
    const [item] = await database.db.select().from(mirrorItems).where(eq(mirrorItems.sessionId, id));
    expect(item?.dirty).toBe(true);
    // Nothing is claimable any more: a second pass does no work.
    expect(await harness.newWorker().runUntilIdle()).toBe(0);

    // Relinking resumes without duplicates.
    await harness.link({ orgId: org.orgId, userId: org.admin.id }, MAILBOX);
    await settle();
    expect(sessionIdsIn(await harness.mailboxEvents(MAILBOX))).toEqual([id]);
  });

  it("recreates an event the user deleted in Outlook when the session changes (S-SYNC-2)", async () => {
    const id = await newSession(org.admin.id);
    await harness.link({ orgId: org.orgId, userId: org.admin.id }, MAILBOX);
    await settle();
    const [original] = await harness.mailboxEvents(MAILBOX);
    await harness.control("DELETE", `/mailboxes/${MAILBOX}/events/${original!.id}`);
    await change(id, { durationMin: 60 });
    await settle();
    const events = await harness.mailboxEvents(MAILBOX);
    expect(sessionIdsIn(events)).toEqual([id]);
    expect(events[0]?.id).not.toBe(original?.id);
  });

  it("lets a waiting mailbox in after a long turn: one busy mailbox cannot hold a lane", async () => {
    const busy = await database.db.transaction(async (tx) => {
      const rows = await queryRows<{ id: string }>(tx, sql`
        insert into sessions (org_id, host_id, created_by, title, starts_at, duration_min, time_zone, host_join_token, participant_join_token)
        select ${org.orgId}, ${org.admin.id}, ${org.admin.id}, 'Busy ' || n, now() + make_interval(hours => 24 + n), 30, 'UTC',
               md5(random()::text), md5(random()::text)
          from generate_series(1, 450) as n
        returning id`);
      return rows.map((row) => row.id);
    });
    const waiting = await newSession(org.licensed.id);
    const busyLink = await harness.link({ orgId: org.orgId, userId: org.admin.id }, MAILBOX);
    await harness.link({ orgId: org.orgId, userId: org.licensed.id }, "waiting@outlook.test");
    await database.db.update(calendarLinks).set({ nextWorkAt: new Date(Date.now() - 60_000) }).where(eq(calendarLinks.id, busyLink));

    await settle(); // one lane: turns run one after another

    type Created = { createdDateTime: string; singleValueExtendedProperties?: Array<{ id: string; value: string }> };
    const busyTimes = ((await harness.mailboxEvents(MAILBOX)) as unknown as Created[]).map((e) => Date.parse(e.createdDateTime));
    const [waitingEvent] = (await harness.mailboxEvents("waiting@outlook.test")) as unknown as Created[];
    expect(busyTimes).toHaveLength(busy.length);
    expect(waitingEvent?.singleValueExtendedProperties?.[0]?.value).toBe(waiting);
    // The waiting mailbox got its event while the busy one still had some to go.
    const waitedAt = Date.parse(waitingEvent!.createdDateTime);
    expect(busyTimes.filter((at) => at > waitedAt).length).toBeGreaterThan(0);
  });

  it("links one mailbox to one user only (S-LINK-5)", async () => {
    await harness.link({ orgId: org.orgId, userId: org.admin.id }, MAILBOX);
    await expect(harness.link({ orgId: org.orgId, userId: org.licensed.id }, MAILBOX)).rejects.toMatchObject({
      code: "LINK_MAILBOX_TAKEN",
    });
    const links = await database.db.select().from(calendarLinks);
    expect(links.map((l) => l.userId)).toEqual([org.admin.id]);
  });

  it("keeps other organizations' sessions out of a link", async () => {
    await harness.link({ orgId: org.orgId, userId: org.admin.id }, MAILBOX);
    expect(other.orgId).not.toBe(org.orgId);
    const items = await database.db.select().from(mirrorItems);
    expect(items).toHaveLength(0);
  });
});
