/**
 * The queue of links with work (S-SYNC-1, S-SYNC-6): a link is claimed when one of its
 * items or its link-level work falls due, never earlier than a retry allows, and never
 * missed, whoever marks the work and whenever, even while a worker holds the link.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import pg from "pg";
import type { Database } from "../../../src/store/db.ts";
import { queryRows } from "../../../src/store/db.ts";
import { markNeedsRelink, requestLinkWork, scheduleReconcile } from "../../../src/store/links/linkState.ts";
import { saveLink } from "../../../src/store/links/saveLink.ts";
import { claimLink, releaseAndClaimNext, releaseLink, type LinkClaim } from "../../../src/store/mirror/claimLink.ts";
import { markSessionsDirty } from "../../../src/store/mirror/markSessionsDirty.ts";
import { recordOutcomes } from "../../../src/store/mirror/recordOutcome.ts";
import { calendarLinks, mirrorItems, sessions } from "../../../src/store/schema.ts";
import { createTestDatabase } from "../../support/database.ts";
import { createTwoOrganizations, type OrgFixture } from "../../support/fixtures.ts";

const WORKER = "queue-test-worker";
const LEASE_SEC = 60;

describe("the queue of links with work", () => {
  let database: Database;
  let org: OrgFixture;

  beforeAll(async () => {
    database = await createTestDatabase();
    [org] = await createTwoOrganizations(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await database.db.delete(mirrorItems);
    await database.db.delete(calendarLinks);
    await database.db.delete(sessions);
  });

  async function newSession(hostId: string): Promise<string> {
    const [row] = await database.db
      .insert(sessions)
      .values({
        orgId: org.orgId,
        hostId,
        createdBy: org.admin.id,
        title: "Check-in",
        startsAt: new Date(Date.now() + 86_400_000),
        durationMin: 30,
        timeZone: "Europe/London",
        hostJoinToken: `h-${Math.random()}`,
        participantJoinToken: `p-${Math.random()}`,
      })
      .returning();
    return row!.id;
  }

  async function link(userId: string): Promise<string> {
    const saved = await database.db.transaction((tx) =>
      saveLink(tx, { orgId: org.orgId, userId, mailboxId: `mb-${userId}`, mailboxAddress: `${userId}@outlook.test`, refreshTokenSealed: "v1.sealed", accessTokenSealed: "v1.sealed" }),
    );
    return saved.linkId;
  }

  const claim = (): Promise<LinkClaim | undefined> => claimLink(database.db, { workerId: WORKER, leaseSec: LEASE_SEC, firstItems: 100 });
  const claimed = async (): Promise<string | undefined> => (await claim())?.link.id;
  const release = (linkId: string): Promise<void> => releaseLink(database.db, linkId, WORKER);

  /** Claims the link, pushes nothing, records every due item as written, reconciles; then lets go. */
  async function drain(linkId: string): Promise<void> {
    const taken = await claim();
    expect(taken?.link.id).toBe(linkId);
    const items = taken!.items;
    await recordOutcomes(
      database.db,
      items.map((item) => ({
        key: item,
        outcome: { kind: "written" as const, remoteEventId: `ev-${item.sessionId}`, changeKey: "ck", pushedHash: "h", generation: item.generation },
      })),
    );
    await scheduleReconcile(database.db, linkId, 3600);
    await release(linkId);
  }

  async function nextWorkAt(linkId: string): Promise<Date | null> {
    const [row] = await database.db.select({ at: calendarLinks.nextWorkAt }).from(calendarLinks).where(eq(calendarLinks.id, linkId));
    return row!.at;
  }

  it("claims a new link, then nothing once its work is done, then the link again when a session changes", async () => {
    const session = await newSession(org.admin.id);
    const linkId = await link(org.admin.id);
    await drain(linkId);
    expect(await claim()).toBeUndefined();
    // Next claim no earlier than the next reconciliation, an hour away.
    expect((await nextWorkAt(linkId))!.getTime()).toBeGreaterThan(Date.now() + 3_500_000);

    await database.db.transaction((tx) => markSessionsDirty(tx, [session]));
    expect(await claimed()).toBe(linkId);
  });

  it("keeps a change marked while the link is held: the release leaves the link due", async () => {
    const session = await newSession(org.admin.id);
    const linkId = await link(org.admin.id);
    await drain(linkId);

    await database.db.transaction((tx) => markSessionsDirty(tx, [session]));
    const [item] = (await claim())!.items;
    // A second change arrives after the worker took its items.
    await database.db.transaction((tx) => markSessionsDirty(tx, [session]));
    await recordOutcomes(database.db, [
      { key: item!, outcome: { kind: "written", remoteEventId: "ev", changeKey: "ck2", pushedHash: "h2", generation: item!.generation } },
    ]);
    await release(linkId);
    expect(await claimed()).toBe(linkId);
  });

  it("waits for a retry's time: a throttled mailbox is not claimed before", async () => {
    await newSession(org.admin.id);
    const linkId = await link(org.admin.id);
    await scheduleReconcile(database.db, linkId, 3600);
    const [item] = (await claim())!.items;
    await recordOutcomes(database.db, [
      {
        key: item!,
        outcome: { kind: "retry", delayMs: 600_000, error: "throttled", createStillInDoubt: true, generation: item!.generation, remoteEventId: null },
      },
    ]);
    await release(linkId);
    expect(await claim()).toBeUndefined();
    const at = (await nextWorkAt(linkId))!.getTime();
    expect(at).toBeGreaterThan(Date.now() + 590_000);
    expect(at).toBeLessThan(Date.now() + 610_000);
  });

  it("puts a link released with work left behind the links that were already waiting", async () => {
    await newSession(org.admin.id);
    await newSession(org.licensed.id);
    const first = await link(org.admin.id);
    const second = await link(org.licensed.id);
    await database.db.update(calendarLinks).set({ nextWorkAt: sql`now() - interval '1 minute'` }).where(eq(calendarLinks.id, first));
    await database.db.update(calendarLinks).set({ nextWorkAt: sql`now() - interval '30 seconds'` }).where(eq(calendarLinks.id, second));

    expect(await claimed()).toBe(first);
    await release(first); // its item is still due
    expect(await claimed()).toBe(second);
    expect(await claimed()).toBe(first);
  });

  it("releases a link and claims the next in one statement, never the one it released", async () => {
    for (let i = 0; i < 3; i += 1) await newSession(org.admin.id);
    await newSession(org.licensed.id);
    const first = await link(org.admin.id);
    const second = await link(org.licensed.id);
    for (const linkId of [first, second]) await scheduleReconcile(database.db, linkId, 3600);
    await database.db.update(calendarLinks).set({ nextWorkAt: sql`now() - interval '1 minute'` }).where(eq(calendarLinks.id, first));
    // One item per claim, so the first link keeps due items after each of its turns.
    const request = { workerId: WORKER, leaseSec: LEASE_SEC, firstItems: 1 };

    expect((await claimLink(database.db, request))?.link.id).toBe(first);
    const next = await releaseAndClaimNext(database.db, { linkId: first }, request);
    expect(next?.link.id).toBe(second);
    expect(next?.items).toHaveLength(1);
    const [released] = await database.db.select().from(calendarLinks).where(eq(calendarLinks.id, first));
    expect(released?.leasedBy).toBeNull();
    expect((await releaseAndClaimNext(database.db, { linkId: second }, request))?.link.id).toBe(first);
    // Only the first link is due now, and the statement that releases it does not take it back...
    expect(await releaseAndClaimNext(database.db, { linkId: first }, request)).toBeUndefined();
    // ...but it is queued: a plain claim takes it.
    expect((await claimLink(database.db, request))?.link.id).toBe(first);
  });

  it("never claims a link that needs relinking, and queues it again once relinked", async () => {
    const session = await newSession(org.admin.id);
    const linkId = await link(org.admin.id);
    const taken = await claim();
    await markNeedsRelink(database.db, taken!.link, "consent revoked");
    await release(linkId);
    expect(await nextWorkAt(linkId)).toBeNull();
    await database.db.transaction((tx) => markSessionsDirty(tx, [session]));
    await requestLinkWork(database.db, linkId, 0);
    expect(await claim()).toBeUndefined();

    await link(org.admin.id);
    expect(await claimed()).toBe(linkId);
  });

  it("claims a link whose worker died once its lease has run out", async () => {
    await newSession(org.admin.id);
    const linkId = await link(org.admin.id);
    const taken = await claim();
    expect(taken?.items).toHaveLength(1);
    const other = { workerId: "another-worker", leaseSec: LEASE_SEC, firstItems: 100 };
    expect(await claimLink(database.db, other)).toBeUndefined();
    await database.db.update(calendarLinks).set({ leaseUntil: new Date(Date.now() - 1000) });
    // The dead worker's item is still claimed by it: the new holder releases it before pushing.
    expect(await claimLink(database.db, other)).toMatchObject({ link: { id: linkId, previousHolder: WORKER }, items: [] });
  });

  // Two connections are needed for the race; the embedded database has one, so it cannot happen there.
  it.runIf(process.env.DATABASE_URL !== undefined)(
    "does not lose a change committed while the link is being released (PostgreSQL)",
    async () => {
      const session = await newSession(org.admin.id);
      const linkId = await link(org.admin.id);
      await drain(linkId);
      await requestLinkWork(database.db, linkId, 0);
      expect(await claimed()).toBe(linkId);
      await scheduleReconcile(database.db, linkId, 3600);

      const dbName = (await queryRows<{ name: string }>(database.db, sql`select current_database() as name`))[0]!.name;
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${dbName}`;
      const writer = new pg.Client({ connectionString: url.toString() });
      await writer.connect();
      try {
        // The change is written (its trigger marks the link) but not yet committed...
        await writer.query("begin");
        await writer.query(
          "update mirror_items set dirty = true, change_seq = change_seq + 1, next_attempt_at = now() where session_id = $1",
          [session],
        );
        // ...when the release starts: its snapshot cannot see the change, and it waits for the link's row.
        const releasing = release(linkId);
        for (let i = 0; i < 200; i += 1) {
          const [waiting] = await queryRows<{ n: number }>(
            database.db,
            sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          );
          if (waiting!.n > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await writer.query("commit");
        await releasing;
      } finally {
        await writer.end();
      }
      expect((await nextWorkAt(linkId))!.getTime()).toBeLessThanOrEqual(Date.now());
      expect(await claimed()).toBe(linkId);
    },
  );
});
