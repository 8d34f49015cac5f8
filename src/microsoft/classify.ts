/**
 * Decides what the reconciler does after Microsoft (Graph or the identity platform)
 * refused or failed a request: wait and retry, renew the access token, ask the user to
 * relink, treat the event as gone, or give up on this change with a reason in words.
 */

import { ERRORS } from "../domain/errors.ts";
import type { ProviderFailureDetail } from "../domain/provider.ts";

/** A failure reduced to the facts that matter, whatever client produced it. */
export type MicrosoftFailure = ProviderFailureDetail;

export type FailureAction =
  | { action: "retry"; retryAfterMs?: number; reason: string }
  | { action: "refresh_token_then_retry" }
  | { action: "needs_relink"; reason: string }
  | { action: "not_found" }
  | { action: "duplicate_transaction" }
  | { action: "fail"; reason: string };

export function classifyMicrosoftFailure(failure: MicrosoftFailure, now: Date): FailureAction {
  switch (failure.kind) {
    case "http":
      return classifyHttp(failure, now);
    case "network":
      return classifyNetwork(failure.code);
    case "token":
      return classifyToken(failure);
  }
}

const TOO_SLOW = "Microsoft Outlook took too long to answer. We will try again shortly.";
const UNREACHABLE = ERRORS.SYNC_GRAPH_UNAVAILABLE.message;

const RETRYABLE_STATUS_REASONS: ReadonlyMap<number, string> = new Map([
  [429, ERRORS.SYNC_GRAPH_THROTTLED.message],
  [500, "Microsoft Outlook had an internal problem. We will try again shortly."],
  [502, UNREACHABLE],
  [503, "Microsoft Outlook is temporarily unavailable. We will try again shortly."],
  [504, TOO_SLOW],
  // Only sent when we asked for a specific version of the event; the product is the
  // source of truth, so the next attempt simply writes over the change made in Outlook.
  [412, "The event was changed in Outlook while we were updating it. We will try again shortly."],
]);

function classifyHttp(failure: Extract<MicrosoftFailure, { kind: "http" }>, now: Date): FailureAction {
  const { status, graphCode } = failure;
  const retryReason = RETRYABLE_STATUS_REASONS.get(status);
  if (retryReason !== undefined) {
    const retryAfterMs = failure.retryAfterHeader === undefined ? undefined : parseRetryAfterMs(failure.retryAfterHeader, now);
    return retryAfterMs === undefined ? { action: "retry", reason: retryReason } : { action: "retry", retryAfterMs, reason: retryReason };
  }
  if (status === 401) return { action: "refresh_token_then_retry" };
  if (status === 404 && graphCode === "ErrorItemNotFound") return { action: "not_found" };
  if ((status === 400 || status === 409) && graphCode === "ErrorDuplicateTransactionId") {
    return { action: "duplicate_transaction" };
  }
  if (status === 400 && graphCode === "TimeZoneNotSupportedException") {
    return { action: "fail", reason: ERRORS.SYNC_TIME_ZONE_REJECTED.message };
  }
  if (status === 403) {
    return { action: "fail", reason: withReference("Microsoft refused access to this Outlook calendar.", [status, graphCode]) };
  }
  // Any other answer would come back the same on a blind retry: stop and say why.
  return { action: "fail", reason: withReference(ERRORS.SYNC_GRAPH_REJECTED.message, [status, graphCode]) };
}

/** Keeps the technical reference for support at the end, after the plain sentence. */
function withReference(sentence: string, codes: ReadonlyArray<string | number | undefined>): string {
  return `${sentence} (Microsoft answered ${codes.filter((code) => code !== undefined).join(" ")}.)`;
}

const TIMEOUT_CODES = new Set(["ETIMEDOUT", "ESOCKETTIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "TimeoutError", "AbortError"]);
const RESET_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "UND_ERR_SOCKET", "UND_ERR_CLOSED"]);

/**
 * Every network failure is worth another try: a request that timed out may still have
 * reached Microsoft, which the reconciler settles by looking the event up, not here.
 */
function classifyNetwork(code: string | undefined): FailureAction {
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return { action: "retry", reason: TOO_SLOW };
  }
  if (code !== undefined && RESET_CODES.has(code)) {
    return { action: "retry", reason: "The connection to Microsoft Outlook was interrupted. We will try again shortly." };
  }
  return { action: "retry", reason: UNREACHABLE };
}

const EXPIRED_BY_INACTIVITY = "The calendar link expired after a long time without use.";
const SESSION_INVALID = "Your Microsoft sign-in is no longer valid, for example after a password change.";

/** AADSTS codes of a refresh token that only the user can replace, with what happened in words. */
const RELINK_CAUSES: ReadonlyMap<number, string> = new Map([
  [70000, "Microsoft no longer accepts this calendar link."],
  [70008, EXPIRED_BY_INACTIVITY],
  [700082, EXPIRED_BY_INACTIVITY],
  [50173, "Access to the calendar was withdrawn, for example after a password change or by an administrator."],
  [50132, SESSION_INVALID],
  [50133, SESSION_INVALID],
  [65001, "Permission to use the calendar was withdrawn in Microsoft."],
  [54005, "The Microsoft sign-in was already used."],
]);

/** The identity platform's ways of saying "the user has to sign in again" (as MSAL reads them). */
const INTERACTION_ERRORS = new Set(["interaction_required", "consent_required", "login_required", "bad_token"]);
const INTERACTION_SUBERRORS = new Set(["consent_required", "bad_token", "basic_action", "additional_action", "message_only", "user_password_expired"]);
const TRANSIENT_TOKEN_ERRORS = new Set(["temporarily_unavailable", "server_error"]);

function classifyToken(failure: Extract<MicrosoftFailure, { kind: "token" }>): FailureAction {
  const relinkCause =
    failure.error === "invalid_grant" ? failure.errorCodes.map((code) => RELINK_CAUSES.get(code)).find((cause) => cause !== undefined) : undefined;
  if (relinkCause !== undefined) return { action: "needs_relink", reason: `${relinkCause} Please relink your Microsoft Calendar.` };
  if (INTERACTION_ERRORS.has(failure.error) || (failure.suberror !== undefined && INTERACTION_SUBERRORS.has(failure.suberror))) {
    return { action: "needs_relink", reason: "Microsoft needs you to sign in again. Please relink your Microsoft Calendar." };
  }
  if (TRANSIENT_TOKEN_ERRORS.has(failure.error)) {
    return { action: "retry", reason: "Microsoft sign-in is temporarily unavailable. We will try again shortly." };
  }
  // invalid_client, unauthorized_client, invalid_scope...: the product's own Microsoft
  // configuration is wrong, which relinking would not fix.
  return {
    action: "fail",
    reason: withReference("Microsoft did not accept the product's connection settings. An administrator needs to check them.", [failure.error, ...failure.errorCodes]),
  };
}

const DELAY_SECONDS = /^\s*(\d+(?:\.\d+)?)\s*$/;

/**
 * Reads `Retry-After`: delay-seconds (Microsoft sends fractions such as "2.128") or an
 * HTTP date, measured from `now`. Returns undefined when the header cannot be read, so
 * the caller falls back to its own backoff instead of trusting a garbled value.
 */
export function parseRetryAfterMs(header: string, now: Date): number | undefined {
  const seconds = DELAY_SECONDS.exec(header)?.[1];
  if (seconds !== undefined) return Math.ceil(Number(seconds) * 1000);
  // Every HTTP date form names a day or month; without this, Date.parse("7") is a year.
  if (!/[a-z]/i.test(header)) return undefined;
  const atMs = Date.parse(header);
  if (Number.isNaN(atMs)) return undefined;
  return Math.max(0, atMs - now.getTime());
}

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
}

/**
 * Exponential backoff with full jitter: a uniformly random delay below
 * min(cap, base · 2^(attempt − 1)), so many mailboxes failing together do not retry
 * together. `attempt` is 1 for the first retry; `random` returns a number in [0, 1).
 */
export function backoffDelayMs(attempt: number, random: () => number, { baseMs = 1000, capMs = 15 * 60_000 }: BackoffOptions = {}): number {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt must be a whole number from 1, got ${attempt}`);
  }
  const ceilingMs = Math.min(capMs, baseMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceilingMs);
}
