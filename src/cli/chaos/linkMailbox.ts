/** Linking a host's mailbox exactly as the host's browser does it, through the product's API and Microsoft's pages. */
import { driveSignIn } from "microsoft-emulator";
import { signInToApi } from "./apiClient.ts";

/**
 * The article's link step, as the host's browser would do it: start, sign in, consent,
 * callback. Like a person, it tries again when Microsoft was briefly unavailable.
 */
export async function linkMailbox(appUrl: string, emulatorUrl: string, host: { email: string; mailbox: string }, password: string): Promise<void> {
  const client = await signInToApi(appUrl, host.email, password);
  let outcome = "";
  for (let attempt = 0; attempt < 10; attempt++) {
    const started = await client.request("POST", "/api/me/calendar-link/start");
    if (started.status !== 200) throw new Error(`starting the link of ${host.email} failed: ${started.status}`);
    const { authorizeUrl } = started.body as { authorizeUrl: string };
    const redirect = await driveSignIn(authorizeUrl.replace(/^https?:\/\/[^/]+/, emulatorUrl), host.mailbox);
    const callback = await client.visit(`${appUrl}${redirect.pathname}${redirect.search}`);
    outcome = callback.location ?? String(callback.status);
    if (outcome.includes("result=OK")) return;
    if (!outcome.includes("LINK_MICROSOFT_UNAVAILABLE")) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`linking ${host.email} ended with ${outcome}`);
}

