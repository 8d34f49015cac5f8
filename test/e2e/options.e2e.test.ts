/**
 * The help article's three places to turn the integration on, clicked through in Chromium
 * (Account Options, My Options, Account Users → Options), their effect on the profile page
 * (S-OPT-5), the S-OPT-6 confirmation, branding colours on buttons, and the audit log.
 */
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarLinks, organizations, users } from "../../src/store/schema.ts";
import { openMenuItem, signInAs, startProductWithBrowser } from "../support/browser.ts";
import type { RunningProduct } from "../support/product.ts";

const INTEGRATION = "Enable Microsoft Calendar Integration";

describe("who may link a Microsoft calendar, set in the article's three places (browser)", () => {
  let product: RunningProduct;
  let iam: Page;
  let dana: Page;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    let browser: Browser;
    ({ product, browser, page: iam, close } = await startProductWithBrowser());
    dana = await browser.newPage();
    await signInAs(iam, product.appUrl, "iam.demo@demo.test");
    await signInAs(dana, product.appUrl, "dana.host@demo.test");
  }, 120_000);
  afterAll(async () => close?.());

  /** Step 3 of each of the article's sections: set the option to Yes or No; it saves by itself. */
  async function setIntegration(page: Page, answer: "Yes" | "No", label = INTEGRATION, testId = "option-integration"): Promise<void> {
    await page.getByRole("group", { name: label }).getByLabel(answer, { exact: true }).check();
    await page.getByTestId(`${testId}-status`).filter({ hasText: "Saved" }).waitFor();
  }

  /**
   * S-OPT-5: "Link Microsoft Calendar" at the bottom of the profile page, or no link control
   * at all. Waits for the page's own fresh answer, so a cached one cannot pass for it.
   */
  async function profileOffersLink(page: Page): Promise<boolean> {
    // From the dashboard, so the profile page mounts afresh even if it is open already.
    await page.getByTestId("logo").click();
    await page.getByRole("heading", { name: "Sessions" }).waitFor();
    const answered = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/me/calendar-link");
    await openMenuItem(page, page === iam ? "Iam Demo" : "Dana Host");
    const { canLink } = (await (await answered).json()) as { canLink: boolean };
    const button = page.getByRole("button", { name: "Link Microsoft Calendar" });
    await button.waitFor({ state: canLink ? "visible" : "detached" });
    await page.getByTestId("roles-section").waitFor();
    return button.isVisible();
  }

  it("Account Options → Scheduling: the organization's switch decides for every licensed user", async () => {
    expect(await profileOffersLink(iam)).toBe(false);
    await openMenuItem(iam, "Account Options");
    await iam.getByRole("button", { name: "Scheduling" }).click();
    await setIntegration(iam, "Yes");
    expect(await iam.getByRole("group", { name: "Can Users Override?" }).getByLabel("No", { exact: true }).isChecked()).toBe(true);
    expect(await profileOffersLink(iam)).toBe(true);
    expect(await profileOffersLink(dana)).toBe(true);
  });

  it("My Options → Scheduling: read-only with the reason while overriding is off, editable once it is on", async () => {
    await openMenuItem(dana, "My Options");
    await dana.getByRole("button", { name: "Scheduling" }).click();
    const group = dana.getByRole("group", { name: INTEGRATION });
    expect(await group.getByLabel("No", { exact: true }).isDisabled()).toBe(true);
    expect(await dana.getByTestId("option-integration-reason").textContent()).toMatch(/doesn't let users change this option/);

    await openMenuItem(iam, "Account Options");
    await iam.getByRole("button", { name: "Scheduling" }).click();
    await setIntegration(iam, "Yes", "Can Users Override?", "option-users-can-override");

    await dana.reload();
    await dana.getByRole("button", { name: "Scheduling" }).click();
    await setIntegration(dana, "No");
    expect(await profileOffersLink(dana)).toBe(false);
    expect(await profileOffersLink(iam)).toBe(true);
  });

  it("Account Users → Options: an administrator sets it for Dana Host, whatever Dana chose", async () => {
    await openMenuItem(iam, "Account Users");
    const row = iam.getByTestId("user-row-dana.host@demo.test");
    expect(await row.textContent()).toContain("Not linked");
    await row.getByRole("link", { name: "Options" }).click();
    await iam.getByTestId("user-options-name").filter({ hasText: "Dana Host" }).waitFor();
    await iam.getByRole("button", { name: "Scheduling" }).click();
    expect(await iam.getByRole("group", { name: INTEGRATION }).getByLabel("Not set").isChecked()).toBe(true);
    await setIntegration(iam, "Yes");
    expect(await profileOffersLink(dana)).toBe(true);
  });

  it("asks how many calendars a change unlinks before making it, and unlinks after confirmation", async () => {
    const [danaRow] = await product.database.db.select().from(users).where(eq(users.email, "dana.host@demo.test"));
    await product.database.db
      .insert(calendarLinks)
      .values({ orgId: danaRow!.orgId, userId: danaRow!.id, mailboxId: "dana-mailbox", mailboxAddress: "dana.host@outlook.test" });
    await openMenuItem(iam, "Account Users");
    await iam.getByTestId("user-row-dana.host@demo.test").getByRole("link", { name: "Options" }).click();
    await iam.getByRole("button", { name: "Scheduling" }).click();
    await iam.getByRole("group", { name: INTEGRATION }).getByLabel("No", { exact: true }).check();
    const dialog = iam.getByTestId("confirm-dialog");
    await dialog.getByRole("heading", { name: "Unlink 1 calendar?" }).waitFor();
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await iam.getByTestId("option-integration-status").filter({ hasText: "Saved" }).waitFor();
    const [link] = await product.database.db.select().from(calendarLinks).where(eq(calendarLinks.userId, danaRow!.id));
    // The worker may already have finished the clean-up and removed the link.
    expect(link === undefined || link.state === "unlinking").toBe(true);
  });

  it("Account Options → Branding: the new colours are on the buttons at once", async () => {
    await openMenuItem(iam, "Account Options");
    await iam.getByRole("button", { name: "Branding" }).click();
    await iam.getByLabel("Primary button colour").fill("not a colour");
    await iam.getByRole("button", { name: "Save branding" }).click();
    expect(await iam.getByRole("alert").textContent()).toBe("The primary button colour must be a colour such as #1f6feb.");

    await iam.getByLabel("Primary button colour").fill("#aa3300");
    await iam.getByLabel("Secondary button colour").fill("#114477");
    await iam.getByRole("button", { name: "Save branding" }).click();
    const save = iam.getByRole("button", { name: "Save branding" });
    await iam.waitForFunction(() => getComputedStyle(document.documentElement).getPropertyValue("--primary").trim() === "#aa3300");
    expect(await save.evaluate((button) => getComputedStyle(button).backgroundColor)).toBe("rgb(170, 51, 0)");
    const undo = iam.getByRole("button", { name: "Undo changes" });
    expect(await undo.evaluate((button) => getComputedStyle(button).backgroundColor)).toBe("rgb(17, 68, 119)");
    const [org] = await product.database.db.select().from(organizations);
    expect(org?.primaryColor).toBe("#aa3300");
  });

  it("the audit log lists every change with who made it, and filters by kind", async () => {
    await openMenuItem(iam, "Audit Log");
    const log = iam.getByTestId("audit-log");
    await log.waitFor();
    const text = await log.textContent();
    for (const what of ["Account Options → Scheduling changed", "My Options → Scheduling changed", "A user's Scheduling option set by an administrator", "Branding changed"]) {
      expect(text).toContain(what);
    }
    await iam.getByLabel("What").selectOption({ label: "Branding changed" });
    await iam.waitForFunction(() => document.querySelectorAll("[data-testid=audit-log] tbody tr").length === 1);
    expect(await log.locator("tbody tr").textContent()).toContain("Iam Demo");
  });
});
