/**
 * The Microsoft identity platform through the official library (@azure/msal-node): the
 * authorization URL with PKCE, redeeming a code, and refreshing. It knows nothing of the
 * database: tokens go in and come out, and the caller stores them (sealed).
 */
import { ConfidentialClientApplication, type AuthenticationResult, type Configuration } from "@azure/msal-node";
import { ProviderFailure } from "../domain/provider.ts";
import { identityHttpClient } from "./identityHttp.ts";

export const CALENDAR_SCOPES = ["offline_access", "User.Read", "Calendars.ReadWrite"];

export interface IdentityOptions {
  clientId: string;
  clientSecret: string;
  /** An https:// authority, e.g. https://login.microsoftonline.com/common. */
  authority: string;
  /** For a local stand-in of Microsoft: metadata MSAL would otherwise discover over the network. */
  knownAuthorities?: string[];
  authorityMetadata?: string;
  cloudDiscoveryMetadata?: string;
}

export interface TokenSet {
  accessToken: string;
  expiresAtMs: number;
  /** Microsoft rotates refresh tokens: always keep the newest. */
  refreshToken: string;
  /** The signed-in account's object id (the mailbox's stable id). */
  accountId: string;
  username: string;
}

export interface MicrosoftIdentity {
  authorizeUrl(input: { state: string; codeChallenge: string; redirectUri: string; prompt?: "select_account" | "consent" }): Promise<string>;
  redeemCode(input: { code: string; codeVerifier: string; redirectUri: string }): Promise<TokenSet>;
  refresh(refreshToken: string): Promise<TokenSet>;
}

export function createMicrosoftIdentity(options: IdentityOptions): MicrosoftIdentity {
  const networkClient = identityHttpClient();
  // A fresh client per operation gives each one an empty token cache: the refresh token is
  // read out of it once and stored by the caller, never shared between mailboxes in memory.
  const newClient = () => {
    const config: Configuration = {
      auth: {
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        authority: options.authority,
        ...(options.knownAuthorities ? { knownAuthorities: options.knownAuthorities } : {}),
        ...(options.authorityMetadata ? { authorityMetadata: options.authorityMetadata } : {}),
        ...(options.cloudDiscoveryMetadata ? { cloudDiscoveryMetadata: options.cloudDiscoveryMetadata } : {}),
      },
      system: { networkClient },
    };
    return new ConfidentialClientApplication(config);
  };

  return {
    async authorizeUrl({ state, codeChallenge, redirectUri, prompt = "select_account" }) {
      return newClient().getAuthCodeUrl({
        scopes: CALENDAR_SCOPES,
        redirectUri,
        state,
        codeChallenge,
        codeChallengeMethod: "S256",
        prompt,
        responseMode: "query",
      });
    },
    async redeemCode({ code, codeVerifier, redirectUri }) {
      const client = newClient();
      const result = await withTokenFailures(() =>
        client.acquireTokenByCode({ code, codeVerifier, redirectUri, scopes: CALENDAR_SCOPES }),
      );
      return tokenSet(client, result);
    },
    async refresh(refreshToken) {
      const client = newClient();
      const result = await withTokenFailures(() =>
        client.acquireTokenByRefreshToken({ refreshToken, scopes: CALENDAR_SCOPES, forceCache: true }),
      );
      return tokenSet(client, result, refreshToken);
    },
  };
}

async function tokenSet(
  client: ConfidentialClientApplication,
  result: AuthenticationResult | null,
  previousRefreshToken?: string,
): Promise<TokenSet> {
  if (!result) throw new ProviderFailure({ kind: "token", error: "no_result", errorCodes: [] }, "Microsoft returned no token.");
  const refreshToken = newestRefreshToken(client.getTokenCache().serialize()) ?? previousRefreshToken;
  if (!refreshToken) {
    throw new ProviderFailure(
      { kind: "token", error: "no_refresh_token", errorCodes: [] },
      "Microsoft returned no refresh token; offline access was not granted.",
    );
  }
  const accountId = result.account?.idTokenClaims?.oid ?? result.account?.localAccountId ?? result.uniqueId;
  return {
    accessToken: result.accessToken,
    expiresAtMs: (result.expiresOn ?? new Date(Date.now() + 3_000_000)).getTime(),
    refreshToken,
    accountId,
    username: result.account?.username ?? "",
  };
}

/** MSAL keeps refresh tokens only in its cache; the serialized cache is its documented export. */
function newestRefreshToken(serializedCache: string): string | undefined {
  const parsed: unknown = JSON.parse(serializedCache);
  if (typeof parsed !== "object" || parsed === null || !("RefreshToken" in parsed)) return undefined;
  const entries = parsed.RefreshToken;
  if (typeof entries !== "object" || entries === null) return undefined;
  for (const entry of Object.values(entries)) {
    if (typeof entry === "object" && entry !== null && "secret" in entry && typeof entry.secret === "string") {
      return entry.secret;
    }
  }
  return undefined;
}

/** MSAL errors carry the OAuth error and the AADSTS codes in text; normalise them. */
async function withTokenFailures<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (thrown) {
    throw toProviderFailure(thrown);
  }
}

function toProviderFailure(thrown: unknown): ProviderFailure {
  if (thrown instanceof ProviderFailure) return thrown;
  const record = typeof thrown === "object" && thrown !== null ? (thrown as Record<string, unknown>) : {};
  const errorCode = typeof record.errorCode === "string" ? record.errorCode : "";
  const errorMessage = typeof record.errorMessage === "string" ? record.errorMessage : "";
  const subError = typeof record.subError === "string" && record.subError !== "" ? record.subError : undefined;
  if (errorCode === "" || /network|ECONN|ETIMEDOUT|fetch failed/i.test(`${errorCode} ${errorMessage}`)) {
    return new ProviderFailure({ kind: "network", code: errorCode || "network_error" }, "Microsoft could not be reached.");
  }
  const errorCodes = [...errorMessage.matchAll(/AADSTS(\d+)/g)].map((m) => Number(m[1]));
  return new ProviderFailure(
    { kind: "token", error: errorCode, errorCodes, ...(subError ? { suberror: subError } : {}) },
    `Microsoft refused the sign-in (${errorCode}${errorCodes.length ? ` AADSTS${errorCodes[0]}` : ""}).`,
  );
}
