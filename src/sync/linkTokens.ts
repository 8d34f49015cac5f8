/**
 * Access tokens for the links a worker holds: refreshed from the sealed refresh token when
 * needed, one refresh at a time per link, with the rotated refresh token sealed and stored
 * as soon as Microsoft returns it. Tokens live in this process's memory only.
 */
import type { MicrosoftIdentity } from "../microsoft/identity.ts";
import type { AccessTokenSource } from "../microsoft/graphHttp.ts";
import { ProviderFailure } from "../domain/provider.ts";
import { decryptSecret, encryptSecret, type Keyring } from "../store/secretBox.ts";

/** Refresh a little early, so a token never expires between our check and Microsoft's. */
const EARLY_REFRESH_MS = 5 * 60_000;

export interface LinkTokenDeps {
  identity: MicrosoftIdentity;
  keyring: Keyring;
  saveRefreshToken(linkId: string, sealed: string): Promise<void>;
  now(): number;
}

export interface LinkTokens {
  forLink(link: { id: string; refreshTokenSealed: string | null }): AccessTokenSource;
  forget(linkId: string): void;
}

export function createLinkTokens(deps: LinkTokenDeps): LinkTokens {
  const cache = new Map<string, { accessToken: string; expiresAtMs: number }>();
  const refreshing = new Map<string, Promise<string>>();
  /** The newest sealed refresh token per link: the claimed row's, or the one we just stored. */
  const sealedTokens = new Map<string, string>();

  async function refresh(linkId: string): Promise<string> {
    const sealed = sealedTokens.get(linkId);
    if (!sealed) {
      throw new ProviderFailure(
        { kind: "token", error: "invalid_grant", errorCodes: [70000] },
        "There is no stored Microsoft refresh token for this link.",
      );
    }
    const tokens = await deps.identity.refresh(decryptSecret(deps.keyring, sealed));
    const resealed = encryptSecret(deps.keyring, tokens.refreshToken);
    await deps.saveRefreshToken(linkId, resealed);
    sealedTokens.set(linkId, resealed);
    cache.set(linkId, { accessToken: tokens.accessToken, expiresAtMs: tokens.expiresAtMs });
    return tokens.accessToken;
  }

  return {
    forLink(link) {
      // The claimed row is read after our last save, so it is never older than what we hold.
      if (link.refreshTokenSealed) sealedTokens.set(link.id, link.refreshTokenSealed);
      return {
        async accessToken() {
          const cached = cache.get(link.id);
          if (cached && cached.expiresAtMs - EARLY_REFRESH_MS > deps.now()) return cached.accessToken;
          const pending = refreshing.get(link.id) ?? refresh(link.id).finally(() => refreshing.delete(link.id));
          refreshing.set(link.id, pending);
          return pending;
        },
        invalidate() {
          cache.delete(link.id);
        },
      };
    },
    forget(linkId) {
      cache.delete(linkId);
      sealedTokens.delete(linkId);
    },
  };
}
