/**
 * Materialised series sessions are ordinary sessions (issue 6): the worker materialises a
 * series and pushes its sessions to the host's Outlook calendar (the emulator), moves them
 * when the whole series is re-timed and removes them when the following ones are cancelled.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_PROPERTY_ID } from "../../../src/microsoft/eventPayload.ts";
import { orgOptions, sessions } from "../../../src/store/schema.ts";
import { signIn, startTestApp, type Client, type TestApp } from "../../support/app.ts";
import { createTwoOrganizations, type OrgFixture } from "../../support/fixtures.ts";
import { createSyncHarness, type EmulatorEvent, type SyncHarness } from "../../support/syncHarness.ts";

const MAILBOX = "licensed.series@outlook.test";

describe("a series in Outlook", () => {
  let t: TestApp;
  let harness: SyncHarness;
  let org: OrgFixture;
  let host: Client;

  beforeAll(async () => {
    t = await startTestApp();
    [org] = await createTwoOrganizations(t.database.db);
    await t.database.db.update(orgOptions).set({ integrationEnabled: true });
    harness = await createSyncHarness(t.database);
    await harness.link({ orgId: org.orgId, userId: org.licensed.id }, MAILBOX);
    host = await signIn(t.app, org.licensed.email);
  });
  afterAll(async () => {
    await harness?.close();
    await t?.close();
  });

  const sessionIdOf = (event: EmulatorEvent) => event.singleValueExtendedProperties?.find((p) => p.id === SESSION_PROPERTY_ID)?.value;

  async function scheduledSessions(seriesId: string) {
    const rows = await t.database.db.select().from(sessions).where(eq(sessions.seriesId, seriesId));
    return rows.filter((row) => row.status === "scheduled").sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime());
  }

  it("materialises, pushes, re-times and removes the sessions of a series", async () => {
    const monday = new Date(Date.now() + 2 * 86_400_000);
    monday.setUTCDate(monday.getUTCDate() + ((8 - monday.getUTCDay()) % 7));
    const response = await host.request({
      method: "POST",
      url: "/api/series",
      payload: {
        title: "Weekly therapy",
        hostId: org.licensed.id,
        durationMin: 50,
        timeZone: "Europe/London",
        rule: { frequency: "weekly", interval: 1, weekdays: [1, 4], end: { kind: "count", count: 6 } },
        firstStart: { date: monday.toISOString().slice(0, 10), time: "09:00" },
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const seriesId = response.json<{ id: string }>().id;
    const atOnce = (await scheduledSessions(seriesId)).length;
    expect(atOnce).toBeLessThanOrEqual(4);

    // A longer horizon: the worker materialises the rest, then pushes every session.
    await t.database.db.update(orgOptions).set({ seriesHorizonDays: 30 });
    await harness.newWorker().runUntilIdle();
    const made = await scheduledSessions(seriesId);
    expect(made.length).toBeGreaterThan(atOnce);
    expect(made.length).toBe(6);
    const events = await harness.mailboxEvents(MAILBOX);
    expect(events.map(sessionIdOf).sort()).toEqual(made.map((s) => s.id).sort());
    expect(events.every((e) => e.start.dateTime.includes("T09:00") && e.subject === "Video session")).toBe(true);

    const retimed = await host.request({ method: "PATCH", url: `/api/series/${seriesId}`, payload: { scope: "series", startTime: "10:30" } });
    expect(retimed.statusCode, retimed.body).toBe(200);
    await harness.newWorker().runUntilIdle();
    const moved = await harness.mailboxEvents(MAILBOX);
    expect(moved.map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
    expect(moved.every((e) => e.start.dateTime.includes("T10:30"))).toBe(true);

    const from = made[2];
    const cancelled = await host.request({ method: "POST", url: `/api/series/${seriesId}/cancel`, payload: { scope: "following", sessionId: from?.id } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    await harness.newWorker().runUntilIdle();
    const left = await harness.mailboxEvents(MAILBOX);
    expect(left.map(sessionIdOf).sort()).toEqual(made.slice(0, 2).map((s) => s.id).sort());
  });
});
