/**
 * Browser tests' support: Debian's Chromium driven by playwright-core, headless, with no network
 * beyond loopback; the product started beside it; the steps many browser tests share (signing
 * in, the profile menu, turning the integration on, linking a calendar).
 */
import { chromium, type Browser, type Page } from "playwright-core";
import { startProduct, type RunningProduct } from "./product.ts";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Signs in through the sign-in page and waits for the dashboard. */
export async function signInAs(page: Page, appUrl: string, email: string, password = "demo1234"): Promise<void> {
  await page.goto(`${appUrl}/signin`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Sessions" }).waitFor();
}

export interface ProductInBrowser {
  product: RunningProduct;
  browser: Browser;
  /** A page in a browser context of its own. */
  page: Page;
  /** Closes the browser, then the product. */
  close(): Promise<void>;
}

/** The whole product (see startProduct) and a browser with one page, for a browser test file. */
export async function startProductWithBrowser(): Promise<ProductInBrowser> {
  const product = await startProduct();
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage();
    const opened = browser;
    return {
      product,
      browser,
      page,
      async close() {
        await opened.close();
        await product.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await product.close();
    throw error;
  }
}

/** Opens an item of the profile menu: a page ("Account Options") or the user's profile (their name). */
export async function openMenuItem(page: Page, name: string): Promise<void> {
  await page.getByRole("button", { name: "Profile" }).click();
  await page.getByRole("menuitem", { name }).click();
}

/** Account Options → Scheduling: "Enable Microsoft Calendar Integration" set to Yes and saved. */
export async function turnIntegrationOn(page: Page): Promise<void> {
  await openMenuItem(page, "Account Options");
  await page.getByRole("button", { name: "Scheduling" }).click();
  await page.getByRole("group", { name: "Enable Microsoft Calendar Integration" }).getByLabel("Yes").check();
  await page.getByTestId("option-integration-status").filter({ hasText: "Saved" }).waitFor();
}

/**
 * On `userName`'s profile page, "Link Microsoft Calendar": `mailbox` chosen and accepted in
 * Microsoft's (the emulator's) popup, until the page shows it linked.
 */
export async function linkCalendarInPopup(page: Page, userName: string, mailbox: string): Promise<void> {
  await openMenuItem(page, userName);
  const popupOpened = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Link Microsoft Calendar" }).click();
  const popup = await popupOpened;
  await popup.getByRole("button", { name: new RegExp(mailbox.replace(/\./g, "\\.")) }).click();
  const closed = popup.waitForEvent("close");
  await popup.getByRole("button", { name: "Accept" }).click();
  await closed;
  await page.getByTestId("linked-mailbox").filter({ hasText: mailbox }).waitFor();
}
