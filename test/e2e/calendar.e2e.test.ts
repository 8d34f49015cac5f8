/**
 * The calendar page in Chromium (S-CAL): the legend and the branding's colours in every
 * view, a session click landing on the highlighted dashboard row, an Outlook event opening
 * its page in the emulator with Back returning to the same view and date, and Outlook
 * changes arriving by change notification without a reload; the page's code loaded only when
 * opened; a spoofed notification is ignored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { calendarLinks } from "../../src/store/schema.ts";
import { linkCalendarInPopup, signInAs, startProductWithBrowser, turnIntegrationOn } from "../support/browser.ts";
import { eventually } from "../support/eventually.ts";
import type { RunningProduct } from "../support/product.ts";

const MAILBOX = "iam.demo@outlook.test";
const TIME_ZONE = "America/New_York";
const DARK_GREY = "rgb(74, 74, 74)";

function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

function localDate(instant: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(instant));
}

describe("the calendar page (browser)", () => {
  let product: RunningProduct;
  let browser: Browser;
  let page: Page;
  let session: { id: string; title: string; startsAt: string };
  let branding: { primaryColor: string };
  let day: string;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ product, browser, page, close } = await startProductWithBrowser());
  }, 120_000);
  afterAll(async () => close?.());

  async function outlookEvent(subject: string, hourUtc: number): Promise<string> {
    const response = await fetch(`${product.emulatorUrl}/_emulator/mailboxes/${MAILBOX}/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        subject,
        start: { dateTime: `${day}T${hourUtc}:00:00`, timeZone: "UTC" },
        end: { dateTime: `${day}T${hourUtc}:30:00`, timeZone: "UTC" },
      }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  const calendarEvent = (kind: string, title: string) => page.locator(`.calendar-item-${kind}`).filter({ hasText: title }).first();

  it("links Iam Demo's calendar (integration on, popup sign-in)", async () => {
    await signInAs(page, product.appUrl, "iam.demo@demo.test");
    await turnIntegrationOn(page);
    await linkCalendarInPopup(page, "Iam Demo", MAILBOX);

    const me = (await (await page.request.get(`${product.appUrl}/api/me`)).json()) as { organization: { branding: { primaryColor: string } } };
    branding = me.organization.branding;
    const list = (await (await page.request.get(`${product.appUrl}/api/sessions`)).json()) as {
      sessions: Array<{ id: string; title: string; startsAt: string; hostedByMe: boolean }>;
    };
    const hosted = list.sessions.filter((s) => s.hostedByMe && Date.parse(s.startsAt) > Date.now() + 24 * 3600_000);
    expect(hosted.length).toBeGreaterThan(0);
    session = hosted[0]!;
    day = localDate(session.startsAt);
    // The link's subscription exists once its first read is done: notifications reach us from then on.
    await eventually("the first read with a subscription", async () => {
      const [link] = await product.database.db.select().from(calendarLinks);
      return link?.lastReadAt && link.subscriptionId ? link : undefined;
    });
  });

  it("shows the legend and each kind in its colour, in the month, week and day views", async () => {
    await outlookEvent("Dentist appointment", 17);
    await page.goto(`${product.appUrl}/calendar?view=timeGridWeek&date=${day}`);
    await expect(page.getByTestId("legend-session").textContent()).resolves.toBe("Sessions");
    await expect(page.getByTestId("legend-planned").textContent()).resolves.toBe("Recurring sessions scheduled to be created");
    await expect(page.getByTestId("legend-outlook").textContent()).resolves.toBe("Outlook events");
    await page.getByTestId("outlook-last-refreshed").waitFor();
    // Refresh asks for a read now; the notification of the new event would do it too.
    await page.getByRole("button", { name: "Refresh" }).click();

    for (const view of ["timeGridWeek", "dayGridMonth", "timeGridDay"]) {
      await page.goto(`${product.appUrl}/calendar?view=${view}&date=${day}`);
      const sessionEvent = calendarEvent("session", session.title);
      const outlook = calendarEvent("outlook", "Dentist appointment");
      await sessionEvent.waitFor();
      await outlook.waitFor({ timeout: 25_000 });
      const sessionColour = await sessionEvent.evaluate(getComputedStyleOf);
      const outlookColour = await outlook.evaluate(getComputedStyleOf);
      expect([sessionColour.background, sessionColour.border]).toContain(rgb(branding.primaryColor));
      expect([outlookColour.background, outlookColour.border]).toContain(DARK_GREY);
    }
  }, 90_000);

  it("opens the dashboard at a clicked session, highlighted", async () => {
    await page.goto(`${product.appUrl}/calendar?view=timeGridWeek&date=${day}`);
    await calendarEvent("session", session.title).click();
    await page.waitForURL((url) => url.pathname === "/" && url.searchParams.get("session") === session.id);
    await page.locator(`[data-session-id="${session.id}"][aria-current="true"]`).waitFor();
  });

  it("opens an Outlook event's page in the emulator, and Back returns to the same view and date", async () => {
    await page.goto(`${product.appUrl}/calendar?view=timeGridDay&date=${day}`);
    await calendarEvent("outlook", "Dentist appointment").click();
    await page.waitForURL((url) => url.origin === new URL(product.emulatorUrl).origin && url.pathname.startsWith("/owa"));
    await page.getByText("Dentist appointment").first().waitFor();
    await page.goBack();
    await page.waitForURL((url) => url.pathname === "/calendar");
    const url = new URL(page.url());
    expect(url.searchParams.get("view")).toBe("timeGridDay");
    expect(url.searchParams.get("date")).toBe(day);
    await calendarEvent("outlook", "Dentist appointment").waitFor();
  });

  it("shows an event created in Outlook without a reload, and drops it when deleted there", async () => {
    await page.goto(`${product.appUrl}/calendar?view=timeGridWeek&date=${day}`);
    await calendarEvent("outlook", "Dentist appointment").waitFor();
    const id = await outlookEvent("Lunch with Sam", 19);
    await calendarEvent("outlook", "Lunch with Sam").waitFor({ timeout: 25_000 });
    const removed = await fetch(`${product.emulatorUrl}/_emulator/mailboxes/${MAILBOX}/events/${encodeURIComponent(id)}`, { method: "DELETE" });
    expect(removed.status).toBe(204);
    await calendarEvent("outlook", "Lunch with Sam").waitFor({ state: "detached", timeout: 25_000 });
  }, 60_000);

  it("loads the calendar's code only when it is opened, and says so in words when it cannot", async () => {
    const context = await browser.newContext({ storageState: await page.context().storageState() });
    try {
      const fresh = await context.newPage();
      const scripts: string[] = [];
      fresh.on("request", (request) => {
        if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
      });
      await fresh.goto(`${product.appUrl}/`);
      await fresh.getByRole("heading", { name: "Sessions" }).waitFor();
      expect(scripts.filter((path) => path.includes("CalendarPage"))).toEqual([]);

      // The calendar's file cannot be fetched (offline, or a release replaced it).
      await fresh.route(/\/assets\/CalendarPage-[^/]*\.js$/, (route) => route.abort());
      await fresh.getByTestId("dashboard-calendar-link").click();
      await fresh.getByRole("alert").filter({ hasText: "This page could not be loaded." }).waitFor();

      await fresh.unroute(/\/assets\/CalendarPage-[^/]*\.js$/);
      await fresh.getByRole("button", { name: "Try again" }).click();
      await fresh.getByTestId("legend-session").waitFor();
      expect(new URL(fresh.url()).pathname).toBe("/calendar");
    } finally {
      await context.close();
    }
  });

  it("ignores a spoofed notification: nothing is queued", async () => {
    const [link] = await product.database.db.select().from(calendarLinks);
    const response = await fetch(`${product.appUrl}/api/webhooks/microsoft`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ value: [{ subscriptionId: link!.subscriptionId, clientState: "guessed", changeType: "created", resource: "Users/x/Events/y" }] }),
    });
    expect(response.status).toBe(202);
    const [after] = await product.database.db.select().from(calendarLinks).where(eq(calendarLinks.id, link!.id));
    expect(after!.nextReadAt.getTime()).toBeGreaterThan(Date.now());
  });
});

/** Runs in the page: the event element's colours as the browser computed them. */
function getComputedStyleOf(el: unknown): { background: string; border: string } {
  const view = (el as { ownerDocument: { defaultView: { getComputedStyle(e: unknown): { backgroundColor: string; borderTopColor: string } } } }).ownerDocument.defaultView;
  const style = view.getComputedStyle(el);
  return { background: style.backgroundColor, border: style.borderTopColor };
}
