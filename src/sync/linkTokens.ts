/**
 * Access tokens for the links a worker holds: refreshed from the sealed refresh token when
 * needed, one refresh at a time per link, with the rotated refresh token and the new access
 * token sealed and stored as soon as Microsoft returns them. A worker that starts, or takes
 * a link over from another, uses the stored access token while it is fresh: a restart of
 * the workers does not ask Microsoft for a new token for every mailbox at once.
 */
import type { MicrosoftIdentity } from "../microsoft/identity.ts";
import type { AccessTokenSource } from "../microsoft/graphHttp.ts";
import { ProviderFailure } from "../domain/provider.ts";
import { openAccessToken, sealLinkTokens, type AccessToken, type SealedLinkTokens } from "../store/links/sealedAccessToken.ts";
import { decryptSecret, type Keyring } from "../store/secretBox.ts";

/** Refresh a little early, so a token never expires between our check and Microsoft's. */
const EARLY_REFRESH_MS = 5 * 60_000;

export interface LinkTokenDeps {
  identity: MicrosoftIdentity;
  keyring: Keyring;
  /** Stores a refresh's result: the rotated refresh token and the new access token, both sealed. */
  saveTokens(linkId: string, sealed: SealedLinkTokens): Promise<void>;
  now(): number;
}

/** A claimed link's row, as far as tokens go. */
export interface LinkTokenRow {
  id: string;
  refreshTokenSealed: string | null;
  accessTokenSealed: string | null;
}

export interface LinkTokens {
  forLink(link: LinkTokenRow): AccessTokenSource;
}

export function createLinkTokens(deps: LinkTokenDeps): LinkTokens {
  const cache = new Map<string, AccessToken>();
  const refreshing = new Map<string, Promise<string>>();
  /** The newest sealed refresh token per link: the claimed row's, or the one we just stored. */
  const sealedTokens = new Map<string, string>();
  /** An access token Microsoft refused (401): the row may still hold it, and must not bring it back. */
  const refused = new Map<string, string>();

  const fresh = (token: AccessToken | undefined): token is AccessToken =>
    token !== undefined && token.expiresAtMs - EARLY_REFRESH_MS > deps.now();

  async function refresh(linkId: string): Promise<string> {
    const sealed = sealedTokens.get(linkId);
    if (!sealed) {
      throw new ProviderFailure(
        { kind: "token", error: "invalid_grant", errorCodes: [70000] },
        "There is no stored Microsoft refresh token for this link.",
      );
    }
    const tokens = await deps.identity.refresh(decryptSecret(deps.keyring, sealed));
    const resealed = sealLinkTokens(deps.keyring, tokens);
    await deps.saveTokens(linkId, resealed);
    sealedTokens.set(linkId, resealed.refreshTokenSealed);
    cache.set(linkId, { accessToken: tokens.accessToken, expiresAtMs: tokens.expiresAtMs });
    refused.delete(linkId);
    return tokens.accessToken;
  }

  /** The row's access token, when ours is missing or stale and the row's is fresh and not refused. */
  function adoptStored(link: LinkTokenRow): void {
    if (!link.accessTokenSealed || fresh(cache.get(link.id))) return;
    const stored = openAccessToken(deps.keyring, link.accessTokenSealed);
    if (fresh(stored) && stored.accessToken !== refused.get(link.id)) cache.set(link.id, stored);
  }

  return {
    forLink(link) {
      // The claimed row is read after our last save, so it is never older than what we hold.
      if (link.refreshTokenSealed) sealedTokens.set(link.id, link.refreshTokenSealed);
      adoptStored(link);
      return {
        async accessToken() {
          const cached = cache.get(link.id);
          if (fresh(cached)) return cached.accessToken;
          const pending = refreshing.get(link.id) ?? refresh(link.id).finally(() => refreshing.delete(link.id));
          refreshing.set(link.id, pending);
          return pending;
        },
        invalidate() {
          const cached = cache.get(link.id);
          if (cached) refused.set(link.id, cached.accessToken);
          cache.delete(link.id);
        },
      };
    },
  };
}
