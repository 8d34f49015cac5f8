/**
 * Change-notification subscriptions against the emulator (S-CAL-5), with the real web app
 * listening as the notification endpoint: made at a link's first read with a fresh random
 * clientState kept only as a hash, renewed in their last day (and not before), made again
 * when Microsoft lost them or the notification address changed, followed through the
 * emulator's lifecycle notifications, and deleted at unlink.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MICROSOFT_WEBHOOK_PATH } from "../../../src/server/routes/microsoftWebhook.ts";
import { startUnlink } from "../../../src/store/links/linkState.ts";
import { markReadsDue } from "../../../src/store/readSide/readSchedule.ts";
import { hashClientState } from "../../../src/store/readSide/subscriptions.ts";
import { calendarLinks, externalEvents, orgOptions } from "../../../src/store/schema.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { createTwoOrganizations, type OrgFixture } from "../../support/fixtures.ts";
import { createSyncHarness, type SyncHarness } from "../../support/syncHarness.ts";

const MAILBOX = "iam.demo@outlook.test";
const SECOND_MAILBOX = "dana.host@outlook.test";
const HOUR_MS = 3600_000;
/** What the product asks for; the emulator keeps it to the millisecond. */
const LIFETIME_MS = 48 * HOUR_MS;

interface GraphSubscription {
  id: string;
  clientState: string | null;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expirationDateTime: string;
}

describe("change-notification subscriptions", () => {
  let t: TestApp;
  let harness: SyncHarness;
  let org: OrgFixture;
  let notificationUrl: string;

  beforeAll(async () => {
    t = await startTestApp();
    [org] = await createTwoOrganizations(t.database.db);
    await t.database.db.update(orgOptions).set({ integrationEnabled: true });
    harness = await createSyncHarness(t.database);
    // The emulator validates and posts to the real webhook, which writes to the worker's database.
    const address = await t.app.listen({ port: 0, host: "127.0.0.1" });
    notificationUrl = `${address}${MICROSOFT_WEBHOOK_PATH}`;
  });
  afterAll(async () => {
    await harness?.close();
    await t?.close();
  });
  beforeEach(async () => {
    await t.database.db.delete(calendarLinks);
    await harness.control("POST", "/reset");
  });

  const read = () => harness.newWorker({ notificationUrl }).runUntilIdle();

  async function linkRow(linkId: string) {
    const [row] = await t.database.db.select().from(calendarLinks).where(eq(calendarLinks.id, linkId));
    return row!;
  }

  /** The mailbox's subscriptions as Microsoft lists them to this app. */
  async function subscriptionsOf(mailbox: string): Promise<GraphSubscription[]> {
    const response = await fetch(`${harness.emulator.url}/v1.0/subscriptions`, { headers: { authorization: `Bearer ${await harness.accessToken(mailbox)}` } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { value: GraphSubscription[] }).value;
  }

  async function linkedAndRead(userId: string, mailbox = MAILBOX): Promise<string> {
    const linkId = await harness.link({ orgId: org.orgId, userId }, mailbox);
    await read();
    return linkId;
  }

  /** A lifecycle notification as Microsoft sends it, through the emulator, answered by our webhook. */
  async function lifecycle(subscriptionId: string, lifecycleEvent: string): Promise<void> {
    const response = await harness.control("POST", `/subscriptions/${subscriptionId}/lifecycle`, { lifecycleEvent });
    expect(await response.json()).toEqual({ sent: true });
    await harness.emulator.settleNotifications();
  }

  it("is made at the first read with a fresh random clientState, of which only a hash is kept", async () => {
    const startedAt = Date.now();
    const first = await linkedAndRead(org.licensed.id);
    const second = await linkedAndRead(org.admin.id, SECOND_MAILBOX);

    const rows = [await linkRow(first), await linkRow(second)];
    const remote = [...(await subscriptionsOf(MAILBOX)), ...(await subscriptionsOf(SECOND_MAILBOX))];
    expect(remote).toHaveLength(2);
    for (const [i, row] of rows.entries()) {
      const subscription = remote[i]!;
      expect(row.subscriptionId).toBe(subscription.id);
      expect(subscription).toMatchObject({ notificationUrl, lifecycleNotificationUrl: notificationUrl });
      expect(subscription.clientState).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      expect(row.subscriptionClientStateHash).toBe(hashClientState(subscription.clientState!));
      // The secret itself is nowhere in the link's row.
      expect(JSON.stringify(row)).not.toContain(subscription.clientState);
      expect(row.subscriptionExpiresAt!.getTime()).toBe(Date.parse(subscription.expirationDateTime));
      expect(row.subscriptionExpiresAt!.getTime() - startedAt).toBeGreaterThanOrEqual(LIFETIME_MS);
    }
    expect(remote[0]!.clientState).not.toBe(remote[1]!.clientState);
  });

  it("brings an Outlook change into the cache: notification, read due, read", async () => {
    const linkId = await linkedAndRead(org.licensed.id);
    await t.database.db.update(calendarLinks).set({ nextReadAt: new Date(Date.now() + HOUR_MS) }).where(eq(calendarLinks.id, linkId));
    const created = await harness.control("POST", `/mailboxes/${MAILBOX}/events`, {
      subject: "Dentist",
      start: { dateTime: new Date(Date.now() + 24 * HOUR_MS).toISOString().slice(0, 19), timeZone: "UTC" },
      end: { dateTime: new Date(Date.now() + 25 * HOUR_MS).toISOString().slice(0, 19), timeZone: "UTC" },
    });
    const { id } = (await created.json()) as { id: string };
    await harness.emulator.settleNotifications();
    expect((await linkRow(linkId)).nextReadAt.getTime()).toBeLessThanOrEqual(Date.now());

    await read();
    const cached = await t.database.db.select().from(externalEvents).where(eq(externalEvents.linkId, linkId));
    expect(cached.map((event) => [event.remoteEventId, event.subject])).toEqual([[id, "Dentist"]]);
  });

  it("is left alone while more than a day remains", async () => {
    const linkId = await linkedAndRead(org.licensed.id);
    const before = await linkRow(linkId);
    const [remoteBefore] = await subscriptionsOf(MAILBOX);
    await markReadsDue(t.database.db, [linkId]);
    await read();

    const after = await linkRow(linkId);
    expect(after.lastReadAt!.getTime()).toBeGreaterThan(before.lastReadAt!.getTime());
    expect([after.subscriptionId, after.subscriptionExpiresAt, after.subscriptionClientStateHash]).toEqual([
      before.subscriptionId,
      before.subscriptionExpiresAt,
      before.subscriptionClientStateHash,
    ]);
    expect(await subscriptionsOf(MAILBOX)).toEqual([remoteBefore]);
  });

  it("is renewed in its last day: same subscription and secret, a new expiry", async () => {
    const linkId = await linkedAndRead(org.licensed.id);
    const before = await linkRow(linkId);
    const [remoteBefore] = await subscriptionsOf(MAILBOX);
    await t.database.db.update(calendarLinks).set({ subscriptionExpiresAt: new Date(Date.now() + 23 * HOUR_MS) }).where(eq(calendarLinks.id, linkId));
    await markReadsDue(t.database.db, [linkId]);
    const renewedFrom = Date.now();
    await read();

    const after = await linkRow(linkId);
    expect(after.subscriptionId).toBe(before.subscriptionId);
    expect(after.subscriptionClientStateHash).toBe(before.subscriptionClientStateHash);
    expect(after.subscriptionExpiresAt!.getTime() - renewedFrom).toBeGreaterThanOrEqual(LIFETIME_MS);
    const [remote] = await subscriptionsOf(MAILBOX);
    expect(remote).toMatchObject({ id: remoteBefore!.id, clientState: remoteBefore!.clientState });
    expect(Date.parse(remote!.expirationDateTime)).toBe(after.subscriptionExpiresAt!.getTime());
  });

  it("is made again when renewing finds it gone (404), with a new secret", async () => {
    const linkId = await linkedAndRead(org.licensed.id);
    const before = await linkRow(linkId);
    // Microsoft forgot it: our record names a subscription it does not know.
    await t.database.db
      .update(calendarLinks)
      .set({ subscriptionId: "0f0f0f0f-0000-4000-8000-000000000000", subscriptionExpiresAt: new Date(Date.now() + HOUR_MS) })
      .where(eq(calendarLinks.id, linkId));
    await markReadsDue(t.database.db, [linkId]);
    await read();

    const after = await linkRow(linkId);
    const remote = await subscriptionsOf(MAILBOX);
    expect(remote.map((s) => s.id)).toContain(after.subscriptionId);
    expect(after.subscriptionId).not.toBe("0f0f0f0f-0000-4000-8000-000000000000");
    expect(after.subscriptionClientStateHash).not.toBe(before.subscriptionClientStateHash);
    expect(after.readError).toBeNull();
  });

  it("follows a new notification address at renewal: the old subscription is deleted, a new one made", async () => {
    const linkId = await linkedAndRead(org.licensed.id);
    const before = await linkRow(linkId);
    // The server's public address changed between two runs of the worker.
    const moved = `${notificationUrl}?address=2`;
    await t.database.db.update(calendarLinks).set({ subscriptionExpiresAt: new Date(Date.now() + HOUR_MS) }).where(eq(calendarLinks.id, linkId));
    await markReadsDue(t.database.db, [linkId]);
    await harness.newWorker({ notificationUrl: moved }).runUntilIdle();

    const after = await linkRow(linkId);
    const remote = await subscriptionsOf(MAILBOX);
    expect(remote).toHaveLength(1);
    expect(remote[0]).toMatchObject({ id: after.subscriptionId, notificationUrl: moved, lifecycleNotificationUrl: moved });
    expect(after.subscriptionId).not.toBe(before.subscriptionId);
    expect(after.subscriptionClientStateHash).toBe(hashClientState(remote[0]!.clientState!));
  });

  it("subscriptionRemoved from Microsoft: forgotten by the webhook, made again at the next read", async () => {
    const linkId = await linkedAndRead(org.licensed.id);
    const before = await linkRow(linkId);
    await lifecycle(before.subscriptionId!, "subscriptionRemoved");
    expect(await linkRow(linkId)).toMatchObject({ subscriptionId: null, subscriptionClientStateHash: null });

    await read();
    const after = await linkRow(linkId);
    const [remote] = await subscriptionsOf(MAILBOX);
    expect(after.subscriptionId).toBe(remote!.id);
    expect(after.subscriptionId).not.toBe(before.subscriptionId);
    expect(after.subscriptionClientStateHash).toBe(hashClientState(remote!.clientState!));
  });

  it("reauthorizationRequired from Microsoft: renewed at the next read", async () => {
    const linkId = await linkedAndRead(org.licensed.id);
    const before = await linkRow(linkId);
    await lifecycle(before.subscriptionId!, "reauthorizationRequired");
    expect((await linkRow(linkId)).subscriptionExpiresAt!.getTime()).toBeLessThanOrEqual(Date.now());

    await read();
    const after = await linkRow(linkId);
    expect(after.subscriptionId).toBe(before.subscriptionId);
    expect(after.subscriptionExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 24 * HOUR_MS);
  });

  it("missed from Microsoft: the next read is a full round", async () => {
    const linkId = await linkedAndRead(org.licensed.id);
    const before = await linkRow(linkId);
    await lifecycle(before.subscriptionId!, "missed");
    expect((await linkRow(linkId)).deltaLink).toBeNull();

    await read();
    const after = await linkRow(linkId);
    const openedAt = (link: typeof after) => Date.parse((JSON.parse(link.deltaLink!) as { openedAt: string }).openedAt);
    expect(openedAt(after)).toBeGreaterThan(openedAt(before));
    expect(after.subscriptionId).toBe(before.subscriptionId);
  });

  it("is deleted at unlink: Microsoft lists none afterwards", async () => {
    await linkedAndRead(org.licensed.id);
    expect(await subscriptionsOf(MAILBOX)).toHaveLength(1);
    await t.database.db.transaction((tx) => startUnlink(tx, { userIds: [org.licensed.id] }));
    await read();

    expect(await subscriptionsOf(MAILBOX)).toEqual([]);
    expect(await t.database.db.select().from(calendarLinks)).toEqual([]);
  });
});
