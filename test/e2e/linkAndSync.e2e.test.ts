/**
 * The help article end to end, in Chromium: an Account Administrator turns the integration
 * on, links the Outlook calendar through Microsoft's (the emulator's) pages in a popup, and
 * a session then appears, moves and disappears in the mailbox by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { SESSION_PROPERTY_ID } from "../../src/microsoft/eventPayload.ts";
import { linkCalendarInPopup, openMenuItem, signInAs, startProductWithBrowser, turnIntegrationOn } from "../support/browser.ts";
import { eventually } from "../support/eventually.ts";
import type { RunningProduct } from "../support/product.ts";

const MAILBOX = "iam.demo@outlook.test";

interface MailboxEvent {
  id: string;
  subject: string;
  start: { dateTime: string };
  singleValueExtendedProperties?: Array<{ id: string; value: string }>;
}

describe("link the Outlook calendar and see sessions follow (browser)", () => {
  let product: RunningProduct;
  let page: Page;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ product, page, close } = await startProductWithBrowser());
  }, 120_000);
  afterAll(async () => close?.());

  async function mailboxEvents(): Promise<MailboxEvent[]> {
    const response = await fetch(`${product.emulatorUrl}/_emulator/mailboxes/${MAILBOX}/events`);
    return ((await response.json()) as { value: MailboxEvent[] }).value;
  }
  const isOurs = (event: MailboxEvent) => event.singleValueExtendedProperties?.some((p) => p.id === SESSION_PROPERTY_ID) ?? false;
  const eventOf = async (sessionId: string) =>
    (await mailboxEvents()).find((e) => e.singleValueExtendedProperties?.some((p) => p.id === SESSION_PROPERTY_ID && p.value === sessionId));

  it("signs in as Iam Demo and turns the integration on in Account Options", async () => {
    await signInAs(page, product.appUrl, "iam.demo@demo.test");

    await turnIntegrationOn(page);
  });

  it("links the calendar through Microsoft's pages in a popup, and the hosted sessions are copied", async () => {
    await linkCalendarInPopup(page, "Iam Demo", MAILBOX);
    await page.getByRole("button", { name: "Unlink" }).waitFor();

    const hosted = await page.request.get(`${product.appUrl}/api/sessions`);
    const sessions = ((await hosted.json()) as { sessions: Array<{ id: string; hostedByMe: boolean; status: string }> }).sessions;
    const expected = sessions.filter((s) => s.hostedByMe && s.status === "scheduled").length;
    expect(expected).toBeGreaterThan(0);
    const events = await eventually("the initial copy", async () => {
      const ours = (await mailboxEvents()).filter(isOurs);
      return ours.length === expected ? ours : undefined;
    });
    expect(events.every((e) => e.subject === "Video session")).toBe(true);
  });

  it("creates a session, reschedules it and cancels it, and Outlook follows each time", async () => {
    await page.goto(`${product.appUrl}/sessions/new`);
    await page.getByLabel("Title").fill("E2E follow-up");
    const day = new Date(Date.now() + 3 * 24 * 3600_000).toISOString().slice(0, 10);
    await page.getByLabel("Date").fill(day);
    await page.getByLabel("Start time").fill("10:30");
    await page.getByLabel("Duration (minutes)").fill("30");
    await page.getByRole("button", { name: "Create session" }).click();
    await page.getByRole("heading", { name: "Sessions" }).waitFor();

    const list = await page.request.get(`${product.appUrl}/api/sessions`);
    const created = ((await list.json()) as { sessions: Array<{ id: string; title: string }> }).sessions.find(
      (s) => s.title === "E2E follow-up",
    );
    expect(created).toBeDefined();
    const id = created!.id;
    const first = await eventually("the new session's event", () => eventOf(id));
    expect(first.start.dateTime).toContain(`${day}T`);

    const row = page.locator(`[data-testid="session-row"][data-session-id="${id}"]`);
    await row.getByRole("button", { name: "Reschedule" }).click();
    await page.getByLabel("Start time").fill("14:00");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("heading", { name: "Sessions" }).waitFor();
    const moved = await eventually("the event to move", async () => {
      const event = await eventOf(id);
      return event && event.start.dateTime !== first.start.dateTime ? event : undefined;
    });
    expect(moved.id).toBe(first.id);

    await row.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("button", { name: "Cancel session" }).click();
    await eventually("the event to disappear", async () => ((await eventOf(id)) === undefined ? true : undefined));
  });

  it("unlinks: every event the product created leaves Outlook, the owner's own events stay", async () => {
    const ownBefore = (await mailboxEvents()).filter((e) => !isOurs(e)).map((e) => e.subject);
    const own = await fetch(`${product.emulatorUrl}/_emulator/mailboxes/${MAILBOX}/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        subject: "Dentist",
        start: { dateTime: "2026-12-24T10:00:00", timeZone: "UTC" },
        end: { dateTime: "2026-12-24T11:00:00", timeZone: "UTC" },
      }),
    });
    expect(own.status).toBe(201);
    await openMenuItem(page, "Iam Demo");
    await page.getByRole("button", { name: "Unlink" }).click();
    await page.getByRole("button", { name: "Link Microsoft Calendar" }).waitFor({ timeout: 30_000 });
    const left = await mailboxEvents();
    expect(left.map((e) => e.subject).sort()).toEqual([...ownBefore, "Dentist"].sort());
  });
});
