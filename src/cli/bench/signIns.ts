/**
 * Real Microsoft sign-ins for many mailboxes at once, without the browser round trips of
 * the product's link flow: the emulator's sign-in and consent pages driven by `driveSignIn`,
 * the code redeemed by the product's own MSAL identity, and `/me` read as the callback does.
 * The tokens are genuine, so the worker uses, refreshes and rotates them as it would after
 * a link made by hand.
 */
import { driveSignIn } from "microsoft-emulator";
import { createMicrosoftIdentity } from "../../microsoft/identity.ts";
import { localAuthorityOptions } from "../../microsoft/localAuthority.ts";
import { fetchMailbox } from "../../microsoft/mailbox.ts";
import { createPkcePair } from "../../microsoft/pkce.ts";
import { EMULATOR_CLIENT } from "../services.ts";
import { forEachLimited } from "./figures.ts";

export interface SignedInMailbox {
  address: string;
  mailboxId: string;
  refreshToken: string;
  accessToken: string;
  accessTokenExpiresAtMs: number;
}

export async function signInMailboxes(
  emulatorUrl: string,
  appUrl: string,
  addresses: readonly string[],
  concurrency = 8,
): Promise<SignedInMailbox[]> {
  const identity = createMicrosoftIdentity(await localAuthorityOptions({ baseUrl: emulatorUrl, tenant: "common", ...EMULATOR_CLIENT }));
  const redirectUri = `${appUrl}/auth/microsoft/callback`;
  const signedIn: SignedInMailbox[] = new Array(addresses.length);
  await forEachLimited(addresses, concurrency, async (address, index) => {
    const pkce = createPkcePair();
    const url = await identity.authorizeUrl({ state: "bench", codeChallenge: pkce.challenge, redirectUri });
    const redirect = await driveSignIn(url, address);
    const code = redirect.searchParams.get("code");
    if (!code) throw new Error(`signing in ${address} gave no code: ${redirect.toString()}`);
    const tokens = await identity.redeemCode({ code, codeVerifier: pkce.verifier, redirectUri });
    const mailbox = await fetchMailbox(`${emulatorUrl}/v1.0`, tokens.accessToken);
    signedIn[index] = {
      address: mailbox.address,
      mailboxId: mailbox.id,
      refreshToken: tokens.refreshToken,
      accessToken: tokens.accessToken,
      accessTokenExpiresAtMs: tokens.expiresAtMs,
    };
  });
  return signedIn;
}
