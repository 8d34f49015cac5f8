/**
 * Browser tests' support: Debian's Chromium driven by playwright-core, headless, with no network
 * beyond loopback; the product started beside it; signing in through the sign-in page.
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

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
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
