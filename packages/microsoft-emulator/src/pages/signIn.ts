// The emulated Microsoft sign-in pages: pick a mailbox or type an address, then consent to the
// permissions the app asks for. Every original authorize parameter rides along in hidden fields.
import { html, page, type Html } from "./html.ts";

export interface AccountChoice {
  address: string;
  displayName: string;
}

function hiddenFields(parameters: Readonly<Record<string, string>>): Html[] {
  return Object.entries(parameters).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
}

export function accountPage(options: {
  action: string;
  parameters: Readonly<Record<string, string>>;
  accounts: readonly AccountChoice[];
  /** Mailboxes that exist but are not among `accounts`. */
  unlisted?: number;
  loginHint: string | undefined;
  appName: string;
  error?: string;
}): string {
  const buttons = options.accounts.map(
    (account) =>
      html`<button class="account" type="submit" name="account" value="${account.address}">${account.displayName}<br><small>${account.address}</small></button>`,
  );
  const unlisted = options.unlisted
    ? html`<p class="tag">${options.unlisted.toLocaleString("en-US")} more not listed: type the address below.</p>\n`
    : "";
  return page(
    "Sign in to your account",
    html`<h1>Sign in</h1>
<p>to continue to <strong>${options.appName}</strong></p>
${options.error ? html`<p class="error">${options.error}</p>` : ""}
<form method="post" action="${options.action}">
${hiddenFields(options.parameters)}
<input type="hidden" name="step" value="account">
<p>Pick an account</p>
${buttons}
${unlisted}<label for="address">Or use another account (a new mailbox is created for it)</label>
<input type="email" id="address" name="address" placeholder="someone@example.test" value="${options.loginHint ?? ""}" autocomplete="off">
<button type="submit" name="account" value="">Next</button>
</form>`,
    { narrow: true },
  );
}

export function consentPage(options: {
  action: string;
  parameters: Readonly<Record<string, string>>;
  account: AccountChoice;
  appName: string;
  permissions: ReadonlyArray<{ scope: string; description: string }>;
}): string {
  const items = options.permissions.map(
    (permission) => html`<li>${permission.description} <span class="tag">(${permission.scope})</span></li>`,
  );
  return page(
    "Permissions requested",
    html`<p>${options.account.displayName}<br><small>${options.account.address}</small></p>
<h1>Permissions requested</h1>
<p><strong>${options.appName}</strong> would like to:</p>
<ul>${items}</ul>
<p>Accepting lets this app use your data as its terms and privacy statement describe.</p>
<form method="post" action="${options.action}">
${hiddenFields(options.parameters)}
<input type="hidden" name="step" value="consent">
<input type="hidden" name="account" value="${options.account.address}">
<button type="submit" name="decision" value="cancel" class="secondary">Cancel</button>
<button type="submit" name="decision" value="accept">Accept</button>
</form>`,
    { narrow: true },
  );
}

export function identityErrorPage(code: number, message: string): string {
  return page(
    "Sign in error",
    html`<h1>We couldn't sign you in</h1><p class="error">AADSTS${code}: ${message}</p>`,
    { narrow: true },
  );
}

/** response_mode=form_post: the browser posts the result back to the app. */
export function formPostPage(redirectUri: string, result: Readonly<Record<string, string>>): string {
  return html`<!doctype html><html><head><title>Working...</title></head>
<body onload="document.forms[0].submit()"><form method="post" action="${redirectUri}">
${hiddenFields(result)}<noscript><button type="submit">Continue</button></noscript></form></body></html>`.text;
}

export function signedOutPage(): string {
  return page("Signed out", html`<h1>You signed out of your account</h1><p>It's a good idea to close all browser windows.</p>`, {
    narrow: true,
  });
}
