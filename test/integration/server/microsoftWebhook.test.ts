/**
 * The Microsoft change-notification webhook against a real database (S-CAL-5): the
 * validation handshake, a genuine notification marking only its link's read due, anything
 * it cannot trust answered 202 with nothing changed (and counted), bad bodies refused in
 * words, the lifecycle notifications' follow-ups, and a flood refused before any work.
 */
import { eq, sql } from "drizzle-orm";
import { register } from "prom-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MICROSOFT_WEBHOOK_PATH } from "../../../src/server/routes/microsoftWebhook.ts";
import { queryRows } from "../../../src/store/db.ts";
import { hashClientState } from "../../../src/store/readSide/subscriptions.ts";
import { calendarLinks } from "../../../src/store/schema.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { createTwoOrganizations } from "../../support/fixtures.ts";

const LATER = new Date(Date.now() + 3600_000);
const EXPIRES = new Date(Date.now() + 36 * 3600_000);
const DELTA = JSON.stringify({ openedAt: new Date().toISOString(), deltaLink: "https://graph.test/delta?$deltatoken=abc" });

describe("the Microsoft webhook", () => {
  let t: TestApp;
  const links = { a: { id: "", subscriptionId: "sub-a", secret: "secret-of-a" }, b: { id: "", subscriptionId: "sub-b", secret: "secret-of-b" } };

  beforeAll(async () => {
    t = await startTestApp();
    const [a, b] = await createTwoOrganizations(t.database.db);
    for (const [key, org] of [["a", a], ["b", b]] as const) {
      const [row] = await t.database.db
        .insert(calendarLinks)
        .values({ orgId: org.orgId, userId: org.licensed.id, mailboxId: `mailbox-${key}`, mailboxAddress: `${key}@outlook.test` })
        .returning({ id: calendarLinks.id });
      links[key].id = row!.id;
    }
  });
  afterAll(async () => t?.close());
  beforeEach(async () => {
    // Every test starts from two subscribed links, neither read due.
    for (const link of Object.values(links)) {
      await t.database.db
        .update(calendarLinks)
        .set({
          state: "active",
          nextReadAt: LATER,
          deltaLink: DELTA,
          subscriptionId: link.subscriptionId,
          subscriptionClientStateHash: hashClientState(link.secret),
          subscriptionExpiresAt: EXPIRES,
        })
        .where(eq(calendarLinks.id, link.id));
    }
  });

  const post = (payload: unknown, options: { query?: string; contentType?: string } = {}) =>
    t.app.inject({
      method: "POST",
      url: `${MICROSOFT_WEBHOOK_PATH}${options.query ?? ""}`,
      headers: { "content-type": options.contentType ?? "application/json" },
      payload: typeof payload === "string" ? payload : JSON.stringify(payload),
    });

  const change = (subscriptionId: string, clientState: string | null, extra: Record<string, unknown> = {}) => ({
    subscriptionId,
    subscriptionExpirationDateTime: EXPIRES.toISOString(),
    changeType: "created",
    resource: "Users/u/Events/e",
    tenantId: "t",
    ...(clientState === null ? {} : { clientState }),
    resourceData: { "@odata.type": "#Microsoft.Graph.Event", "@odata.id": "Users/u/Events/e", id: "e" },
    ...extra,
  });

  const snapshot = () => t.database.db.select().from(calendarLinks).orderBy(calendarLinks.id);

  async function link(id: string) {
    const [row] = await t.database.db.select().from(calendarLinks).where(eq(calendarLinks.id, id));
    return row!;
  }

  async function databaseNow(): Promise<number> {
    const [row] = await queryRows<{ now: string | Date }>(t.database.db, sql`select now() as now`);
    return new Date(row!.now).getTime();
  }

  async function ignoredCount(reason: string): Promise<number> {
    const metric = await register.getSingleMetric("careroom_webhook_notifications_ignored_total")?.get();
    return metric?.values.find((value) => value.labels.reason === reason)?.value ?? 0;
  }

  it("answers the validation handshake with the decoded token, as plain text", async () => {
    const token = "Validation: Testing client application reachability for subscription Request-Id: 3b3f+9a/ü&x=1";
    const response = await post("", { query: `?validationToken=${encodeURIComponent(token)}`, contentType: "text/plain; charset=utf-8" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/plain/);
    expect(response.body).toBe(token);
    expect(await snapshot()).toHaveLength(2);
  });

  it("marks the notified link's read due and answers 202, leaving the other link alone", async () => {
    const before = await link(links.b.id);
    // As Graph sends it, with a charset.
    const response = await post({ value: [change(links.a.subscriptionId, links.a.secret)] }, { contentType: "application/json; charset=utf-8" });
    expect(response.statusCode).toBe(202);
    expect((await link(links.a.id)).nextReadAt.getTime()).toBeLessThanOrEqual(await databaseNow());
    expect(await link(links.b.id)).toEqual(before);
  });

  describe("answers 202 and changes nothing for what it cannot trust", () => {
    const cases: Array<[what: string, notification: () => Record<string, unknown>, reason: string]> = [
      ["a wrong clientState", () => change(links.a.subscriptionId, "guessed"), "wrong_client_state"],
      ["no clientState", () => change(links.a.subscriptionId, null), "wrong_client_state"],
      ["an unknown subscription", () => change("sub-unknown", links.a.secret), "unknown_subscription"],
      ["another organization's subscription with this one's secret", () => change(links.b.subscriptionId, links.a.secret), "wrong_client_state"],
      ["a spoofed subscriptionRemoved", () => change(links.a.subscriptionId, "guessed", { lifecycleEvent: "subscriptionRemoved" }), "wrong_client_state"],
      ["a spoofed missed", () => change(links.b.subscriptionId, "guessed", { lifecycleEvent: "missed" }), "wrong_client_state"],
    ];
    it.each(cases)("%s", async (_what, notification, reason) => {
      const before = await snapshot();
      const counted = await ignoredCount(reason);
      const response = await post({ value: [notification()] });
      expect(response.statusCode).toBe(202);
      expect(await snapshot()).toEqual(before);
      expect(await ignoredCount(reason)).toBe(counted + 1);
    });

    it("acts on the genuine notifications of a batch only", async () => {
      const before = await link(links.b.id);
      const response = await post({ value: [change(links.b.subscriptionId, links.a.secret), change(links.a.subscriptionId, links.a.secret)] });
      expect(response.statusCode).toBe(202);
      expect((await link(links.a.id)).nextReadAt.getTime()).toBeLessThanOrEqual(await databaseNow());
      expect(await link(links.b.id)).toEqual(before);
    });
  });

  describe("refuses what is not a notification, in words, changing nothing", () => {
    const cases: Array<[what: string, payload: unknown, options?: { contentType?: string; query?: string }]> = [
      ["an empty object", {}],
      ["an empty batch", { value: [] }],
      ["a notification without a subscription", { value: [{ clientState: "x", changeType: "created" }] }],
      ["a list instead of a batch", [change("sub-a", "secret-of-a")]],
      ["plain text without a validation token", "hello", { contentType: "text/plain" }],
      ["an empty validation token and no body", "", { contentType: "text/plain", query: "?validationToken=" }],
      ["JSON that does not parse", '{"value": ['],
    ];
    it.each(cases)("%s", async (_what, payload, options = {}) => {
      const before = await snapshot();
      const response = await post(payload, options);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json<{ message: string }>().message).toMatch(/^[A-Z].+\.$/);
      expect(await snapshot()).toEqual(before);
    });

    it("a body larger than any batch Microsoft sends is 413", async () => {
      const value = Array.from({ length: 900 }, (_, i) => change(`sub-${i}`, "x".repeat(250)));
      const payload = JSON.stringify({ value });
      expect(payload.length).toBeGreaterThan(256 * 1024);
      const before = await snapshot();
      const response = await post(payload);
      expect(response.statusCode).toBe(413);
      expect(response.json<{ message: string }>().message).toMatch(/^[A-Z].+\.$/);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe("lifecycle notifications", () => {
    it("reauthorizationRequired: the next read renews the subscription", async () => {
      const response = await post({ value: [change(links.a.subscriptionId, links.a.secret, { lifecycleEvent: "reauthorizationRequired" })] });
      expect(response.statusCode).toBe(202);
      const after = await link(links.a.id);
      expect(after.subscriptionExpiresAt!.getTime()).toBeLessThanOrEqual(await databaseNow());
      expect(after.subscriptionId).toBe(links.a.subscriptionId);
      expect(after.nextReadAt.getTime()).toBeLessThanOrEqual(await databaseNow());
      expect(after.deltaLink).toBe(DELTA);
    });

    it("subscriptionRemoved: the subscription is forgotten, so the next read makes a new one", async () => {
      const response = await post({ value: [change(links.a.subscriptionId, links.a.secret, { lifecycleEvent: "subscriptionRemoved" })] });
      expect(response.statusCode).toBe(202);
      const after = await link(links.a.id);
      expect(after).toMatchObject({ subscriptionId: null, subscriptionClientStateHash: null, subscriptionExpiresAt: null, deltaLink: DELTA });
      expect(after.nextReadAt.getTime()).toBeLessThanOrEqual(await databaseNow());
    });

    it("missed: the delta link is forgotten, so the next read is a full round", async () => {
      const response = await post({ value: [change(links.a.subscriptionId, links.a.secret, { lifecycleEvent: "missed" })] });
      expect(response.statusCode).toBe(202);
      const after = await link(links.a.id);
      expect(after).toMatchObject({ deltaLink: null, subscriptionId: links.a.subscriptionId });
      expect(after.subscriptionExpiresAt).toEqual(EXPIRES);
      expect(after.nextReadAt.getTime()).toBeLessThanOrEqual(await databaseNow());
    });
  });

  // Last: the limit's count lasts a minute, so nothing may run after this in the same app.
  it("a flood is refused with 429 before any work is done", async () => {
    for (let i = 0; i < 600; i += 1) {
      const response = await post("", { query: `?validationToken=t${i}`, contentType: "text/plain" });
      if (response.statusCode === 429) break;
    }
    const before = await snapshot();
    const response = await post({ value: [change(links.a.subscriptionId, links.a.secret, { lifecycleEvent: "missed" })] });
    expect(response.statusCode).toBe(429);
    expect(response.json<{ message: string }>().message).toMatch(/^[A-Z].+\.$/);
    expect(await snapshot()).toEqual(before);
  });
});
