/**
 * Hostile text is inert on every page: a session title, a participant name and a user's name
 * made of HTML and script fragments show as text, and no script of theirs ever runs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { signInAs, startProductWithBrowser } from "../support/browser.ts";
import type { RunningProduct } from "../support/product.ts";

const IMG = "<img src=x onerror=alert(1)>";
const SCRIPT = '"><script>alert(2)</script>';

describe("hostile text on every page (browser)", () => {
  let product: RunningProduct;
  let page: Page;
  const dialogs: string[] = [];
  let sessionId = "";
  let joinUrl = "";
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ product, page, close } = await startProductWithBrowser());
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signInAs(page, product.appUrl, "iam.demo@demo.test");

    const me = (await (await page.request.get(`${product.appUrl}/api/me`)).json()) as { csrfToken: string; user: { id: string } };
    const headers = { "x-csrf-token": me.csrfToken };
    const created = await page.request.post(`${product.appUrl}/api/sessions`, {
      headers,
      data: {
        title: `${IMG} ${SCRIPT}`,
        hostId: me.user.id,
        startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
        durationMin: 30,
        timeZone: "America/New_York",
        notes: SCRIPT,
        participants: [{ name: `${SCRIPT} ${IMG}`, email: null, phone: null }],
      },
    });
    expect(created.status()).toBe(201);
    const session = (await created.json()) as { id: string; participantJoinUrl: string };
    sessionId = session.id;
    joinUrl = session.participantJoinUrl;
    await page.request.patch(`${product.appUrl}/api/account/options/privacy`, { headers, data: { privacyLevel: "full" } });
  }, 120_000);
  afterAll(async () => close?.());

  const pages: Array<[string, () => string]> = [
    ["dashboard", () => `/?session=${sessionId}`],
    ["session form", () => `/sessions/${sessionId}/edit`],
    ["calendar (week)", () => "/calendar"],
    ["profile", () => "/profile"],
    ["account users", () => "/account/users"],
    ["audit log", () => "/account/audit"],
    ["series", () => "/series"],
    ["room", () => new URL(joinUrl, product.appUrl).pathname],
  ];

  it.each(pages)("%s runs none of it", async (_name, path) => {
    await page.goto(`${product.appUrl}${path()}`);
    await page.waitForLoadState("networkidle");
    expect(dialogs).toEqual([]);
    // Nothing of it became an element either.
    expect(await page.locator("img[src='x']").count()).toBe(0);
    expect(await page.locator("script:not([src])").count()).toBe(0);
  });

  it("shows the hostile title as plain text on the dashboard", async () => {
    await page.goto(`${product.appUrl}/?session=${sessionId}`);
    const row = page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain(IMG);
    expect(dialogs).toEqual([]);
  });
});
