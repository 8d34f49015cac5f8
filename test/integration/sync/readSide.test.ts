/**
 * S-CAL-5 read side: the worker reads a linked Outlook calendar into the cache through
 * calendarView/delta at the emulator: a first full round over pages, incremental rounds,
 * removals, a forgotten delta token (410), and the product's own events never cached.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "../../../src/store/db.ts";
import { MANAGED_MARKER, MANAGED_PROPERTY_ID, SESSION_PROPERTY_ID } from "../../../src/microsoft/eventPayload.ts";
import { markSessionsDirty } from "../../../src/store/mirror/markSessionsDirty.ts";
import { markReadsDue } from "../../../src/store/readSide/readSchedule.ts";
import { calendarLinks, externalEvents, mirrorItems, sessions } from "../../../src/store/schema.ts";
import { insertSession } from "../../../src/store/sessions/insertSession.ts";
import type { OrgFixture } from "../../support/fixtures.ts";
import { startSyncedOrganizations, type SyncHarness } from "../../support/syncHarness.ts";

const MAILBOX = "iam.demo@outlook.test";

describe("reading Outlook events back", () => {
  let database: Database;
  let harness: SyncHarness;
  let org: OrgFixture;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ database, harness, org, close } = await startSyncedOrganizations());
  });
  afterAll(async () => close?.());
  beforeEach(async () => {
    await database.db.delete(mirrorItems);
    await database.db.delete(calendarLinks);
    await database.db.delete(sessions);
    await harness.control("POST", "/reset");
  });

  const inDays = (days: number, hour = 9) => {
    const date = new Date(Date.now() + days * 24 * 3600_000);
    return `${date.toISOString().slice(0, 10)}T${String(hour).padStart(2, "0")}:00:00`;
  };

  async function outlookEvent(subject: string, days: number, extra: Record<string, unknown> = {}): Promise<string> {
    const response = await harness.control("POST", `/mailboxes/${MAILBOX}/events`, {
      subject,
      start: { dateTime: inDays(days), timeZone: "UTC" },
      end: { dateTime: inDays(days, 10), timeZone: "UTC" },
      ...extra,
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  async function cached(linkId: string) {
    const rows = await database.db.select().from(externalEvents).where(eq(externalEvents.linkId, linkId));
    return new Map(rows.map((row) => [row.remoteEventId, row]));
  }

  async function readAgain(linkId: string): Promise<void> {
    await markReadsDue(database.db, [linkId]);
    await harness.newWorker().runUntilIdle();
  }

  async function hostedSession(): Promise<string> {
    return database.db.transaction(async (tx) => {
      const id = await insertSession(tx, {
        orgId: org.orgId,
        hostId: org.licensed.id,
        createdBy: org.licensed.id,
        title: "Follow-up",
        startsAt: new Date(Date.now() + 2 * 24 * 3600_000),
        durationMin: 30,
        timeZone: "UTC",
        notes: null,
        hostJoinToken: randomBytes(16).toString("hex"),
        participantJoinToken: randomBytes(16).toString("hex"),
        participants: [],
      });
      await markSessionsDirty(tx, [id]);
      return id;
    });
  }

  it("caches every foreign event of the window over several pages, and none of the product's own", async () => {
    const foreign = await Promise.all(Array.from({ length: 130 }, (_, i) => outlookEvent(`Dentist ${i}`, 1 + (i % 20))));
    const outside = await outlookEvent("Far away", 400);
    // An event of ours the product lost track of (no mirror item): found by its property.
    const stray = await outlookEvent("Video session", 3, {
      singleValueExtendedProperties: [
        { id: SESSION_PROPERTY_ID, value: "00000000-0000-4000-8000-000000000000" },
        { id: MANAGED_PROPERTY_ID, value: MANAGED_MARKER },
      ],
    });
    await hostedSession();
    const linkId = await harness.link({ orgId: org.orgId, userId: org.licensed.id }, MAILBOX);
    await harness.newWorker().runUntilIdle();

    const mirrored = (await harness.mailboxEvents(MAILBOX)).filter((e) => e.subject === "Video session" && e.id !== stray);
    expect(mirrored).toHaveLength(1);
    const cache = await cached(linkId);
    expect(new Set(cache.keys())).toEqual(new Set(foreign));
    expect(cache.has(outside)).toBe(false);
    expect(cache.has(stray)).toBe(false);
    expect(cache.has(mirrored[0]!.id)).toBe(false);
    const first = cache.get(foreign[0]!)!;
    expect(first.subject).toBe("Dentist 0");
    expect(first.startsAt.toISOString()).toBe(`${inDays(1)}.000Z`);
    expect(first.webLink).toContain(`${harness.emulator.url}/owa/?itemid=`);
    const [link] = await database.db.select().from(calendarLinks).where(eq(calendarLinks.id, linkId));
    expect(link?.lastReadAt).not.toBeNull();
    expect(link?.readError).toBeNull();
  });

  it("later reads ask only for changes: new, changed and deleted events, without a full round", async () => {
    const kept = await outlookEvent("Kept", 2);
    const moved = await outlookEvent("Moved", 3);
    const deleted = await outlookEvent("Deleted", 4);
    const linkId = await harness.link({ orgId: org.orgId, userId: org.licensed.id }, MAILBOX);
    await harness.newWorker().runUntilIdle();
    const [before] = await database.db.select().from(calendarLinks).where(eq(calendarLinks.id, linkId));

    const added = await outlookEvent("Added", 5);
    expect((await harness.control("PATCH", `/mailboxes/${MAILBOX}/events/${encodeURIComponent(moved)}`, { subject: "Moved later" })).status).toBe(200);
    expect((await harness.control("DELETE", `/mailboxes/${MAILBOX}/events/${encodeURIComponent(deleted)}`)).status).toBe(204);
    await readAgain(linkId);

    const cache = await cached(linkId);
    expect(new Set(cache.keys())).toEqual(new Set([kept, moved, added]));
    expect(cache.get(moved)?.subject).toBe("Moved later");
    const [after] = await database.db.select().from(calendarLinks).where(eq(calendarLinks.id, linkId));
    // The delta state keeps the time its full round opened: this read was incremental.
    expect(JSON.parse(after!.deltaLink!).openedAt).toBe(JSON.parse(before!.deltaLink!).openedAt);
    expect(after!.deltaLink).not.toBe(before!.deltaLink);
  });

  it("starts over with a full round when Microsoft no longer knows the delta token (410)", async () => {
    const still = await outlookEvent("Still there", 2);
    const linkId = await harness.link({ orgId: org.orgId, userId: org.licensed.id }, MAILBOX);
    await harness.newWorker().runUntilIdle();
    const gone = await outlookEvent("Gone meanwhile", 3);
    await readAgain(linkId);
    expect((await cached(linkId)).has(gone)).toBe(true);

    // The token is forgotten and the event deleted in the same gap: only a full round can tell.
    expect((await harness.control("DELETE", `/mailboxes/${MAILBOX}/events/${encodeURIComponent(gone)}`)).status).toBe(204);
    const forgotten = JSON.stringify({ openedAt: new Date().toISOString(), deltaLink: `${harness.emulator.url}/v1.0/me/calendarView/delta?$deltatoken=unknown` });
    await database.db.update(calendarLinks).set({ deltaLink: forgotten }).where(eq(calendarLinks.id, linkId));
    await readAgain(linkId);

    expect(new Set((await cached(linkId)).keys())).toEqual(new Set([still]));
    const [link] = await database.db.select().from(calendarLinks).where(eq(calendarLinks.id, linkId));
    expect(link?.readError).toBeNull();
    expect(link?.deltaLink).not.toBe(forgotten);
  });

  it("records a failed read in words and tries again later, keeping what was cached", async () => {
    const event = await outlookEvent("Cached", 2);
    const linkId = await harness.link({ orgId: org.orgId, userId: org.licensed.id }, MAILBOX);
    await harness.newWorker().runUntilIdle();
    await harness.control("POST", "/faults", { faults: [{ path: "/v1.0/me/calendarView/delta", status: 503, retryAfter: 30, count: 1 }] });
    await readAgain(linkId);

    const [link] = await database.db.select().from(calendarLinks).where(eq(calendarLinks.id, linkId));
    expect(link?.readError).toBeTruthy();
    expect(link!.nextReadAt.getTime()).toBeGreaterThan(Date.now());
    expect((await cached(linkId)).has(event)).toBe(true);
  });
});
