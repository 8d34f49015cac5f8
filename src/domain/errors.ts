/**
 * The catalogue of every error the product reports on purpose: a stable code for
 * programs, an HTTP status for the server, and the sentence a person sees.
 */

export interface ErrorDefinition {
  statusCode: number;
  /** Shown to people as is: plain words, never a secret, never a participant's data. */
  message: string;
}

export const ERRORS = {
  SESSION_END_BEFORE_START: { statusCode: 400, message: "The session must end after it starts." },
  SESSION_TIME_ZONE_UNKNOWN: { statusCode: 400, message: "We don't recognise that time zone. Please pick one from the list." },
  SESSION_HOST_NOT_LICENSED: { statusCode: 400, message: "Only users with a licence can host sessions. Please choose another host." },
  SESSION_HOST_NOT_IN_ORGANIZATION: { statusCode: 400, message: "The host must be a member of your organization." },
  SESSION_TITLE_TOO_LONG: { statusCode: 400, message: "The session title is too long. Please shorten it." },
  SESSION_START_OUT_OF_RANGE: { statusCode: 400, message: "The start must be no more than a day in the past and no more than two years ahead." },
  SESSION_HOST_INACTIVE: { statusCode: 400, message: "That user's account is deactivated, so they can't host sessions. Please choose another host." },
  SESSION_CANCELLED: { statusCode: 409, message: "This session has been cancelled, so it can't be changed any more." },
  SESSION_NOT_STARTED: { statusCode: 409, message: "This session has not started yet, so it can't be marked as completed. Cancel it instead if it will not take place." },
  SESSION_NOT_FOUND: { statusCode: 404, message: "We couldn't find that session. It may have been deleted." },
  SERIES_NO_WEEKDAYS: { statusCode: 400, message: "Please choose at least one day of the week for a weekly series." },
  SERIES_INTERVAL_INVALID: { statusCode: 400, message: "A series can repeat every 1 to 99 days, weeks or months." },
  SERIES_END_BEFORE_START: { statusCode: 400, message: "The series' end date can't be before its first session." },
  SERIES_COUNT_TOO_LARGE: { statusCode: 400, message: "That is too many sessions for one series (two years of daily sessions at most). Please choose a smaller number, or an end date." },
  SERIES_COUNT_INVALID: { statusCode: 400, message: "A series that ends after a number of sessions needs at least one session." },
  SERIES_TIME_ZONE_UNKNOWN: { statusCode: 400, message: "We don't recognise the series' time zone. Please pick one from the list." },
  SERIES_MONTHLY_DAY_INVALID: { statusCode: 400, message: "Please choose the day a monthly series repeats on: a date from 1 to 31, or a weekday such as the second Tuesday." },
  SERIES_RULE_MISMATCH: { statusCode: 400, message: "Days of the week can only be chosen for a weekly series, and a day of the month only for a monthly series." },
  SERIES_NOT_FOUND: { statusCode: 404, message: "We couldn't find that series. It may have been deleted." },
  SERIES_ENDED: { statusCode: 409, message: "This series has no more sessions, so it can't be changed any more." },
  SERIES_SESSION_MISMATCH: { statusCode: 400, message: "That session is not part of this series." },
  SERIES_WINDOW_INVALID: { statusCode: 400, message: "The time window must start before it ends and span no more than a hundred days." },
  SERIES_NO_OCCURRENCES: { statusCode: 400, message: "This series would never have a session. Please check its days, how often it repeats and its end date." },
  AUTH_INVALID_CREDENTIALS: { statusCode: 401, message: "That e-mail address and password don't match. Please try again." },
  AUTH_REQUIRED: { statusCode: 401, message: "Please sign in to continue." },
  AUTH_ACCOUNT_INACTIVE: { statusCode: 403, message: "This account has been deactivated. Please ask an Account Administrator of your organization." },
  AUTH_LOCKED: { statusCode: 429, message: "Too many failed sign-ins for this e-mail address. Please wait 15 minutes and try again." },
  AUTH_FORBIDDEN: { statusCode: 403, message: "You don't have permission to do that." },
  CSRF_INVALID: { statusCode: 403, message: "This page has expired. Please reload it and try again." },
  RATE_LIMITED: { statusCode: 429, message: "Too many attempts in a short time. Please wait a moment and try again." },
  LINK_NOT_ALLOWED: { statusCode: 403, message: "Microsoft Calendar linking is not turned on for your account." },
  LINK_STATE_INVALID: { statusCode: 400, message: "The Microsoft sign-in expired or was already used. Please start linking again." },
  LINK_CONSENT_DENIED: { statusCode: 400, message: "Microsoft did not give us access to your calendar, so nothing was linked. You can try again at any time." },
  LINK_MAILBOX_TAKEN: { statusCode: 409, message: "This Microsoft calendar is already linked to another user. It has to be unlinked there first." },
  LINK_MICROSOFT_UNAVAILABLE: { statusCode: 503, message: "Microsoft could not be reached to finish linking, so nothing was linked. Please try again in a moment." },
  LINK_UNLINK_IN_PROGRESS: { statusCode: 409, message: "Your previous Microsoft calendar is still being unlinked. Please try again when the clean-up has finished." },
  LINK_OTHER_MAILBOX: { statusCode: 409, message: "You signed in with a different Microsoft account than the one linked. Unlink it first, or relink with the same account." },
  LINK_NEEDS_RELINK: { statusCode: 409, message: "Your Microsoft Calendar link has stopped working. Please click Relink to connect it again." },
  SYNC_GRAPH_THROTTLED: { statusCode: 503, message: "Microsoft asked us to slow down. Your Outlook calendar will be updated shortly." },
  SYNC_GRAPH_UNAVAILABLE: { statusCode: 503, message: "Microsoft Outlook can't be reached right now. We will keep trying." },
  SYNC_GRAPH_REJECTED: { statusCode: 502, message: "Microsoft Outlook refused the change to this event." },
  SYNC_TIME_ZONE_REJECTED: { statusCode: 502, message: "Microsoft Outlook did not accept this session's time zone." },
  OPTIONS_OVERRIDE_NOT_ALLOWED: { statusCode: 403, message: "Your organization doesn't let users change this option. An Account Administrator can change it for you." },
  USER_NOT_FOUND: { statusCode: 404, message: "We couldn't find that user in your organization." },
  USER_EMAIL_TAKEN: { statusCode: 409, message: "Another user already has that e-mail address. Please use a different one." },
  USER_LAST_ADMIN: { statusCode: 409, message: "Your organization needs at least one active Account Administrator. Make someone else an Account Administrator first." },
  REQUEST_INVALID: { statusCode: 400, message: "The request could not be understood. Please reload the page and try again." },
  REQUEST_BODY_NOT_JSON: { statusCode: 400, message: "The request body is not valid JSON." },
  REQUEST_BODY_TOO_LARGE: { statusCode: 413, message: "The request is too large." },
  REQUEST_MEDIA_TYPE_UNSUPPORTED: { statusCode: 415, message: "The request body must be sent as JSON (Content-Type: application/json)." },
  VALIDATION_FAILED: { statusCode: 400, message: "Some of the information entered is not valid. Please check it and try again." },
  NOT_FOUND: { statusCode: 404, message: "We couldn't find what you were looking for." },
  CONFLICT: { statusCode: 409, message: "Someone else changed this at the same time. Please reload and try again." },
  INTERNAL_ERROR: { statusCode: 500, message: "Something went wrong on our side. Please try again in a moment." },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERRORS;

/** Structured facts about an error for programs and logs (e.g. which field failed). */
export type ErrorDetails = Readonly<Record<string, unknown>>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, details?: ErrorDetails, cause?: unknown) {
    // Passing `cause` only when there is one keeps `"cause" in error` honest.
    super(ERRORS[code].message, cause === undefined ? undefined : { cause });
    this.name = "AppError";
    this.code = code;
    this.statusCode = ERRORS[code].statusCode;
    this.details = details;
  }
}

export function appError(code: ErrorCode, details?: ErrorDetails, cause?: unknown): AppError {
  return new AppError(code, details, cause);
}

/**
 * Turns anything a `catch` receives into an `Error`, so handlers can rely on
 * `message` and `stack`; what was thrown is kept as `cause`.
 */
export function coerceError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(describeThrown(thrown), { cause: thrown });
}

function describeThrown(thrown: unknown): string {
  if (typeof thrown === "string") return thrown;
  if (typeof thrown === "object" && thrown !== null && "message" in thrown && typeof thrown.message === "string") {
    return thrown.message;
  }
  // Never String(thrown): a hostile object's toString could throw inside a catch block.
  return `A non-error value was thrown (${thrown === null ? "null" : typeof thrown}).`;
}
