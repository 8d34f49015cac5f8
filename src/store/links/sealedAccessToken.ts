/**
 * What `calendar_links.access_token_sealed` holds: a link's last access token and its
 * expiry, sealed together under the keyring like the refresh token (S-LINK-3).
 */
import { z } from "zod";
import { decryptSecret, encryptSecret, SecretBoxError, type Keyring } from "../secretBox.ts";

export interface AccessToken {
  accessToken: string;
  expiresAtMs: number;
}

const StoredAccessTokenSchema = z.object({ accessToken: z.string().min(1), expiresAtMs: z.number().int() });

export function sealAccessToken(keyring: Keyring, token: AccessToken): string {
  return encryptSecret(keyring, JSON.stringify({ accessToken: token.accessToken, expiresAtMs: token.expiresAtMs }));
}

/**
 * Undefined when the value cannot be opened (its key retired without resealing, or not a
 * value of this shape): the link then refreshes, as it would without one.
 */
export function openAccessToken(keyring: Keyring, sealed: string): AccessToken | undefined {
  try {
    const parsed = StoredAccessTokenSchema.safeParse(JSON.parse(decryptSecret(keyring, sealed)));
    return parsed.success ? parsed.data : undefined;
  } catch (thrown) {
    if (thrown instanceof SecretBoxError || thrown instanceof SyntaxError) return undefined;
    throw thrown;
  }
}
