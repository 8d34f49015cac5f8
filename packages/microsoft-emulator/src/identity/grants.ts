// Minting what a successful sign-in or refresh hands out: access token, rotated refresh token,
// id token and client_info, recorded in the store so Graph and later refreshes can check them.
import type { EmulatorContext } from "../context.ts";
import type { Mailbox } from "../model.ts";
import { base64UrlJson, newGuid, newOpaqueToken } from "../ids.ts";
import { hasScope } from "./scopes.ts";

const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export interface TokenResponse {
  token_type: "Bearer";
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  client_info: string;
}

export interface GrantRequest {
  clientId: string;
  mailbox: Mailbox;
  /** Every scope of the request, OpenID ones included. */
  requestedScopes: readonly string[];
  /** The Graph permissions the access token carries. */
  resourceScopes: readonly string[];
  nonce: string | null;
}

export function issueTokens(context: EmulatorContext, grant: GrantRequest): TokenResponse {
  const { store, clock, signer } = context;
  const now = clock.now();
  const seconds = Math.floor(now / 1000);
  const expiresIn = context.accessTokenTtlSec;
  const { mailbox, clientId } = grant;
  const tenantId = store.tenantId;

  const accessToken = signer.sign({
    aud: GRAPH_APP_ID,
    iss: `https://sts.windows.net/${tenantId}/`,
    iat: seconds,
    nbf: seconds,
    exp: seconds + expiresIn,
    appid: clientId,
    name: mailbox.displayName,
    oid: mailbox.userId,
    scp: grant.resourceScopes.join(" "),
    sub: mailbox.userId,
    tid: tenantId,
    unique_name: mailbox.address,
    upn: mailbox.address,
    uti: newOpaqueToken(16),
    ver: "1.0",
  });
  store.accessTokens.set(accessToken, {
    token: accessToken,
    clientId,
    mailbox: mailbox.address,
    scopes: [...grant.resourceScopes],
    expiresAt: now + expiresIn * 1000,
  });

  const openIdScopes = ["openid", "profile", "email"].filter((scope) => hasScope(grant.requestedScopes, scope));
  const response: TokenResponse = {
    token_type: "Bearer",
    scope: [...grant.resourceScopes, ...openIdScopes].join(" "),
    expires_in: expiresIn,
    ext_expires_in: expiresIn,
    access_token: accessToken,
    client_info: base64UrlJson({ uid: mailbox.userId, utid: tenantId }),
  };

  if (hasScope(grant.requestedScopes, "offline_access")) {
    const refreshToken = `1.AV${newOpaqueToken(96)}`;
    store.refreshTokens.set(refreshToken, {
      token: refreshToken,
      clientId,
      mailbox: mailbox.address,
      scopes: [...grant.requestedScopes],
      issuedAt: now,
      expiresAt: now + context.refreshTokenTtlSec * 1000,
    });
    response.refresh_token = refreshToken;
  }

  if (hasScope(grant.requestedScopes, "openid")) {
    response.id_token = signer.sign({
      ver: "2.0",
      iss: `${context.baseUrl()}/${tenantId}/v2.0`,
      sub: mailbox.userId,
      aud: clientId,
      exp: seconds + 3600,
      iat: seconds,
      nbf: seconds,
      name: mailbox.displayName,
      preferred_username: mailbox.address,
      email: mailbox.address,
      oid: mailbox.userId,
      tid: tenantId,
      aio: newOpaqueToken(24),
      uti: newGuid(),
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
    });
  }
  store.changed();
  return response;
}
