/**
 * S-SYNC-1/4: every path that changes what a linked host's Outlook should show marks the
 * affected mirror items dirty in the change's own transaction (the item's change counter
 * moves), so nothing is ever left for Outlook to miss. One row per path.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { calendarLinks, mirrorItems, orgOptions, sessions } from "../../../src/store/schema.ts";
import { signIn, startTestApp, type Client, type TestApp } from "../../support/app.ts";
import { createTwoOrganizations, type OrgFixture } from "../../support/fixtures.ts";

describe("every change to what Outlook should show marks it dirty", () => {
  let test: TestApp;
  let org: OrgFixture;
  let admin: Client;
  const links = new Map<string, string>();

  beforeAll(async () => {
    test = await startTestApp();
    [org] = await createTwoOrganizations(test.database.db);
    await test.database.db.update(orgOptions).set({ integrationEnabled: true, usersCanOverride: true });
    for (const user of [org.admin, org.licensed]) {
      const [link] = await test.database.db
        .insert(calendarLinks)
        .values({ orgId: org.orgId, userId: user.id, mailboxId: `mb-${user.id}`, mailboxAddress: `${user.id}@outlook.test`, refreshTokenSealed: "v1.x" })
        .returning();
      links.set(user.id, link!.id);
    }
    admin = await signIn(test.app, org.admin.email);
  });
  afterAll(async () => {
    await test?.close();
  });

  async function newSession(hostId = org.admin.id): Promise<string> {
    const response = await admin.request({
      method: "POST",
      url: "/api/sessions",
      payload: { title: "Check-in", hostId, startsAt: new Date(Date.now() + 86_400_000).toISOString(), durationMin: 30, timeZone: "Europe/London" },
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>().id;
  }

  async function item(sessionId: string, userId: string) {
    const [row] = await test.database.db
      .select()
      .from(mirrorItems)
      .where(and(eq(mirrorItems.sessionId, sessionId), eq(mirrorItems.linkId, links.get(userId)!)));
    return row;
  }

  /** Marks the item clean as a worker would after pushing, so the next path must dirty it again. */
  async function settle(sessionId: string) {
    await test.database.db.update(mirrorItems).set({ dirty: false }).where(eq(mirrorItems.sessionId, sessionId));
  }

  const paths: Array<[string, (id: string) => Promise<unknown>]> = [
    ["reschedule (time)", (id) => admin.request({ method: "PATCH", url: `/api/sessions/${id}`, payload: { startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString() } })],
    ["reschedule (duration)", (id) => admin.request({ method: "PATCH", url: `/api/sessions/${id}`, payload: { durationMin: 60 } })],
    ["reschedule (time zone)", (id) => admin.request({ method: "PATCH", url: `/api/sessions/${id}`, payload: { timeZone: "America/Detroit" } })],
    ["what the event shows (title)", (id) => admin.request({ method: "PATCH", url: `/api/sessions/${id}`, payload: { title: "Renamed" } })],
    ["what the event shows (participants)", (id) => admin.request({ method: "PATCH", url: `/api/sessions/${id}`, payload: { participants: [{ name: "Jo Ng" }] } })],
    ["the organization's privacy level", () => admin.request({ method: "PATCH", url: "/api/account/options/privacy", payload: { privacyLevel: "initials" } })],
    ["cancel", (id) => admin.request({ method: "POST", url: `/api/sessions/${id}/cancel` })],
  ];

  it("marks a newly created session for the host's link", async () => {
    const id = await newSession();
    expect(await item(id, org.admin.id)).toMatchObject({ dirty: true });
    expect(await item(id, org.licensed.id)).toBeUndefined();
  });

  it.each(paths)("marks it on %s", async (_name, change) => {
    const id = await newSession();
    await settle(id);
    const before = await item(id, org.admin.id);
    await change(id);
    const after = await item(id, org.admin.id);
    expect(after?.dirty).toBe(true);
    expect(after!.changeSeq).toBeGreaterThan(before!.changeSeq);
  });

  it("marks the old host's item and creates the new host's on a host change", async () => {
    const id = await newSession();
    await settle(id);
    await admin.request({ method: "PATCH", url: `/api/sessions/${id}`, payload: { hostId: org.licensed.id } });
    expect(await item(id, org.admin.id)).toMatchObject({ dirty: true });
    expect(await item(id, org.licensed.id)).toMatchObject({ dirty: true });
  });

  it("marks it when a session that has started is marked completed (its event stays)", async () => {
    const id = await newSession();
    await settle(id);
    // Completed sessions are ones that have begun: move this one's start into the past.
    await test.database.db.update(sessions).set({ startsAt: new Date(Date.now() - 10 * 60_000) }).where(eq(sessions.id, id));
    const before = await item(id, org.admin.id);
    const response = await admin.request({ method: "POST", url: `/api/sessions/${id}/complete` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: "completed" });
    const after = await item(id, org.admin.id);
    expect(after?.dirty).toBe(true);
    expect(after!.changeSeq).toBeGreaterThan(before!.changeSeq);
    // The worker keeps a completed session's event (plan.test: "completed with an event: kept").
  });

  it("refuses to complete a session that has not started, and writes nothing", async () => {
    const id = await newSession();
    await settle(id);
    const response = await admin.request({ method: "POST", url: `/api/sessions/${id}/complete` });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: "SESSION_NOT_STARTED" });
    expect(await item(id, org.admin.id)).toMatchObject({ dirty: false });
  });

  it("marks it on delete, and keeps the record until the worker removed the event", async () => {
    const id = await newSession();
    await settle(id);
    const response = await admin.request({ method: "DELETE", url: `/api/sessions/${id}` });
    expect(response.statusCode).toBe(204);
    expect(await item(id, org.admin.id)).toMatchObject({ dirty: true });
  });

  it("sends a link to the clean-up when an option change ends the integration for its user", async () => {
    const response = await admin.request({
      method: "PATCH",
      url: "/api/account/options/scheduling",
      payload: { integrationEnabled: false, confirmUnlink: true },
    });
    expect(response.statusCode).toBe(200);
    const states = await test.database.db.select({ state: calendarLinks.state }).from(calendarLinks);
    expect(states.map((s) => s.state)).toEqual(["unlinking", "unlinking"]);
  });
});
