/**
 * What `calendar_links.access_token_sealed` holds: a link's last access token and its
 * expiry, sealed together under the keyring like the refresh token (S-LINK-3); and the
 * pair a link stores whenever Microsoft gives it tokens (a sign-in, a refresh).
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

/** A link's tokens as its row holds them. */
export interface SealedLinkTokens {
  refreshTokenSealed: string;
  accessTokenSealed: string;
}

export function sealLinkTokens(keyring: Keyring, tokens: AccessToken & { refreshToken: string }): SealedLinkTokens {
  return { refreshTokenSealed: encryptSecret(keyring, tokens.refreshToken), accessTokenSealed: sealAccessToken(keyring, tokens) };
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
