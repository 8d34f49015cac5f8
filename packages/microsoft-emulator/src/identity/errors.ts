// The identity platform's error answers, with the AADSTS codes and wording Microsoft uses, in the
// body shape MSAL parses: {error, error_description "AADSTSn: ...\r\nTrace ID: ...", error_codes, ...}.
import { identityTimestamp } from "../dates.ts";
import { newGuid } from "../ids.ts";

export class IdentityError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    readonly description: string,
    readonly suberror?: string,
  ) {
    super(`AADSTS${code}: ${description}`);
  }
}

export interface IdentityErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
  suberror?: string;
}

export function identityErrorBody(failure: IdentityError, now: number, correlationId: string, baseUrl: string): IdentityErrorBody {
  const traceId = newGuid();
  const timestamp = identityTimestamp(now);
  return {
    error: failure.error,
    error_description: `AADSTS${failure.code}: ${failure.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [failure.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${baseUrl}/error?code=${failure.code}`,
    ...(failure.suberror ? { suberror: failure.suberror } : {}),
  };
}

const invalidGrant = (code: number, description: string, suberror?: string) =>
  new IdentityError(400, "invalid_grant", code, description, suberror);

export const identityErrors = {
  missingParameter: (name: string) =>
    new IdentityError(400, "invalid_request", 900144, `The request body must contain the following parameter: '${name}'.`),
  unsupportedGrantType: (grantType: string) =>
    new IdentityError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType}'.`),
  missingClientSecret: () =>
    new IdentityError(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
  invalidClientSecret: (clientId: string) =>
    new IdentityError(
      401,
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
  malformedGrant: () => invalidGrant(9002313, "Invalid request. Request is malformed or invalid."),
  codeRedeemed: () =>
    invalidGrant(54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token."),
  codeExpired: () =>
    invalidGrant(70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource."),
  verifierMismatch: () =>
    invalidGrant(501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request."),
  redirectUriMismatch: () =>
    invalidGrant(70000, "The provided value for the 'redirect_uri' is not valid. The value must exactly match the redirect URI used to obtain the authorization code."),
  invalidRefreshToken: () => invalidGrant(70000, "Provided grant is invalid or malformed."),
  refreshTokenExpired: (issuedAt: string) =>
    invalidGrant(700082, `The refresh token has expired due to inactivity. The token was issued on ${issuedAt} and was inactive for 90.00:00:00.`),
  refreshTokenRevoked: (issuedAt: string, validFrom: string) =>
    invalidGrant(
      50173,
      `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${issuedAt}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${validFrom}'.`,
    ),
  consentRequired: (clientId: string, appName: string) =>
    invalidGrant(
      65001,
      `The user or administrator has not consented to use the application with ID '${clientId}' named '${appName}'. Send an interactive authorization request for this user and resource.`,
      "consent_required",
    ),
  temporarilyUnavailable: () =>
    new IdentityError(503, "temporarily_unavailable", 90033, "A transient error has occurred. Please try again."),
};

export function newCorrelationId(header: string | string[] | undefined): string {
  return typeof header === "string" && header.length > 0 ? header : newGuid();
}
