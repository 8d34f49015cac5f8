/**
 * A recurring series end to end, in Chromium: a weekly series made with "Repeat" in the
 * session form shows its sessions on the dashboard marked "Repeats", one of them is
 * rescheduled for "This session only", and the rest of the series stays as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { signInAs, startProductWithBrowser } from "../support/browser.ts";
import type { RunningProduct } from "../support/product.ts";

interface ApiSession {
  id: string;
  title: string;
  startsAt: string;
  timeZone: string;
  series: { id: string } | null;
}

function wallTime(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(instant));
}

/** The Monday two to eight days from now, as "YYYY-MM-DD" (UTC). */
function nextMonday(): string {
  const day = new Date(Date.now() + 2 * 86_400_000);
  day.setUTCDate(day.getUTCDate() + ((8 - day.getUTCDay()) % 7));
  return day.toISOString().slice(0, 10);
}

describe("create a weekly series and edit one of its sessions (browser)", () => {
  let product: RunningProduct;
  let page: Page;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ product, page, close } = await startProductWithBrowser());
  }, 120_000);
  afterAll(async () => close?.());

  async function seriesSessions(): Promise<ApiSession[]> {
    const response = await page.request.get(`${product.appUrl}/api/sessions`);
    return ((await response.json()) as { sessions: ApiSession[] }).sessions.filter((s) => s.title === "E2E weekly");
  }

  it("creates a weekly series on Monday and Thursday from the session form", async () => {
    await signInAs(page, product.appUrl, "iam.demo@demo.test");

    await page.getByRole("button", { name: "New session" }).click();
    await page.getByLabel("Title").fill("E2E weekly");
    await page.getByLabel("Date", { exact: true }).fill(nextMonday());
    await page.getByLabel("Start time").fill("09:00");
    await page.getByRole("combobox", { name: "Repeat" }).selectOption("weekly");
    await page.getByRole("checkbox", { name: "Thursday" }).check();
    await page.getByRole("radio", { name: "After a number of sessions" }).check();
    await page.getByLabel("Number of sessions", { exact: true }).fill("6");
    await page.getByTestId("repeat-summary").filter({ hasText: "Every week on Monday and Thursday, 6 times" }).waitFor();
    await page.getByRole("button", { name: "Create session" }).click();
    await page.getByRole("heading", { name: "Sessions" }).waitFor();

    const rows = page.locator('[data-testid="session-row"]', { hasText: "E2E weekly" });
    await rows.first().waitFor();
    const made = await seriesSessions();
    expect(made.length).toBeGreaterThanOrEqual(2);
    expect(new Set(made.map((s) => s.series?.id)).size).toBe(1);
    expect(made.every((s) => wallTime(s.startsAt, s.timeZone) === "09:00")).toBe(true);
    expect(await rows.count()).toBe(made.length);
    expect(await rows.getByTestId("session-repeats").count()).toBe(made.length);

    await page.getByTestId("dashboard-series-link").click();
    const series = page.locator('[data-testid="series-row"]', { hasText: "E2E weekly" });
    await series.getByTestId("series-rule").filter({ hasText: "Every week on Monday and Thursday, 6 times" }).waitFor();
  });

  it("reschedules one session for this session only; the others keep their time", async () => {
    const [first, second] = await seriesSessions();
    if (first === undefined || second === undefined) throw new Error("the series has fewer than two sessions");
    await page.goto(`${product.appUrl}/`);
    const row = page.locator(`[data-testid="session-row"][data-session-id="${second.id}"]`);
    await row.getByRole("button", { name: "Reschedule" }).click();
    await page.getByRole("combobox", { name: "Repeat" }).waitFor();
    await page.getByLabel("Start time").fill("11:15");
    await page.getByRole("button", { name: "Save changes" }).click();
    const dialog = page.getByTestId("scope-dialog");
    await dialog.getByRole("heading", { name: "Change which sessions?" }).waitFor();
    await dialog.getByRole("button", { name: "This session only" }).click();
    await page.getByRole("heading", { name: "Sessions" }).waitFor();
    await page.locator(`[data-testid="session-row"][data-session-id="${second.id}"][data-highlighted="true"]`).waitFor();

    const after = await seriesSessions();
    const byId = new Map(after.map((s) => [s.id, s]));
    expect(wallTime(byId.get(second.id)?.startsAt ?? "", second.timeZone)).toBe("11:15");
    expect(byId.get(second.id)?.startsAt.slice(0, 10)).toBe(second.startsAt.slice(0, 10));
    expect(after.filter((s) => s.id !== second.id).every((s) => wallTime(s.startsAt, s.timeZone) === "09:00")).toBe(true);
    expect(after.map((s) => s.id).sort()).toEqual((await seriesSessions()).map((s) => s.id).sort());
    expect(byId.get(first.id)?.startsAt).toBe(first.startsAt);
    await page.locator(`[data-testid="session-row"][data-session-id="${second.id}"]`).getByTestId("session-repeats").waitFor();
  });
});
