// Drives the emulator's own sign-in and consent pages the way a browser would, so tests of any
// client can complete the authorization code flow without a browser.

function unescapeHtml(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

export function hiddenFields(page: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[unescapeHtml(match[1] ?? "")] = unescapeHtml(match[2] ?? "");
  }
  return fields;
}

export function formAction(page: string): string {
  const match = /<form method="post" action="([^"]*)"/.exec(page);
  if (!match?.[1]) throw new Error(`No form on page:\n${page.slice(0, 500)}`);
  return unescapeHtml(match[1]);
}

async function postForm(baseUrl: string, page: string, extra: Record<string, string>): Promise<Response> {
  return fetch(new URL(formAction(page), baseUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...hiddenFields(page), ...extra }).toString(),
    redirect: "manual",
  });
}

/**
 * Opens an authorize URL, picks `account` and answers the consent page with `decision`.
 * Returns the redirect Location (the app's redirect URI with code or error).
 */
export async function driveSignIn(authorizeUrl: string, account: string, decision: "accept" | "cancel" = "accept"): Promise<URL> {
  const baseUrl = new URL(authorizeUrl).origin;
  const first = await fetch(authorizeUrl, { redirect: "manual" });
  if (first.status === 302) return new URL(first.headers.get("location") ?? "");
  const accountPage = await first.text();
  const afterAccount = await postForm(baseUrl, accountPage, { step: "account", account });
  if (afterAccount.status === 302) return new URL(afterAccount.headers.get("location") ?? "");
  const consentPage = await afterAccount.text();
  if (!consentPage.includes("Permissions requested")) throw new Error(`Expected the consent page, got:\n${consentPage.slice(0, 800)}`);
  const afterConsent = await postForm(baseUrl, consentPage, { decision });
  if (afterConsent.status !== 302) throw new Error(`Expected a redirect, got ${afterConsent.status}`);
  return new URL(afterConsent.headers.get("location") ?? "");
}
