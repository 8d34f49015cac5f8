// The shapes the emulator keeps: mailboxes, their calendars and events, the identity platform's
// grants and tokens, change-notification subscriptions and delta sync states. Plain JSON, so the
// whole state can be written to and read from a state file.

export interface Mailbox {
  address: string;
  displayName: string;
  userId: string;
  /** Tokens issued before this instant (epoch ms) are revoked (password change, admin revoke). */
  tokensValidFrom: number;
  /** Client id → scopes the user has consented to; revoking consent removes the entry. */
  consents: Record<string, string[]>;
}

export interface StoredCalendar {
  id: string;
  mailbox: string;
  name: string;
  changeKey: string;
  color: string;
  hexColor: string;
  isDefaultCalendar: boolean;
}

export interface EmailAddress {
  name?: string | undefined;
  address?: string | undefined;
}

export interface StoredLocation {
  displayName: string;
  locationType?: string | undefined;
  locationEmailAddress?: string | undefined;
  locationUri?: string | undefined;
  uniqueId?: string | undefined;
  uniqueIdType?: string | undefined;
  address?: Record<string, string> | undefined;
  coordinates?: Record<string, number> | undefined;
}

export interface StoredAttendee {
  emailAddress: EmailAddress;
  type: string;
}

export interface StoredRecurrence {
  pattern: {
    type: string;
    interval: number;
    month: number;
    dayOfMonth: number;
    daysOfWeek: string[];
    firstDayOfWeek: string;
    index: string;
  };
  range: {
    type: string;
    startDate: string;
    endDate: string;
    recurrenceTimeZone: string;
    numberOfOccurrences: number;
  };
}

export interface WallClock {
  /** As sent, normalised to "yyyy-mm-ddThh:mm:ss". */
  dateTime: string;
  /** The accepted zone label as sent (Windows name or IANA name). */
  timeZone: string;
}

export interface StoredEvent {
  id: string;
  mailbox: string;
  calendarId: string;
  /** The client id of the app that created it through Graph; null when created "in Outlook" (control API). */
  createdByClientId: string | null;
  createdDateTime: number;
  lastModifiedDateTime: number;
  changeKey: string;
  iCalUId: string;
  transactionId: string | null;
  subject: string;
  body: { contentType: "text" | "html"; content: string };
  start: WallClock;
  end: WallClock;
  startMs: number;
  endMs: number;
  location: StoredLocation | null;
  locations: StoredLocation[];
  showAs: string;
  importance: string;
  sensitivity: string;
  isAllDay: boolean;
  isReminderOn: boolean;
  reminderMinutesBeforeStart: number;
  categories: string[];
  attendees: StoredAttendee[];
  recurrence: StoredRecurrence | null;
  allowNewTimeProposals: boolean;
  responseRequested: boolean;
  hideAttendees: boolean;
  isOnlineMeeting: boolean;
  onlineMeetingProvider: string;
  extendedProperties: Array<{ id: string; value: string }>;
  /** For a series: occurrences changed or cancelled one by one, keyed by their original start (epoch ms). */
  exceptions: Record<string, OccurrenceException>;
}

/** A cancelled occurrence, or one changed on its own (a full copy of the series' fields, as Exchange keeps it). */
export type OccurrenceException = { cancelled: true } | { cancelled: false; event: StoredEvent };

export interface AuthorizationCode {
  code: string;
  clientId: string;
  mailbox: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | null;
  nonce: string | null;
  expiresAt: number;
  redeemed: boolean;
}

export interface RefreshToken {
  token: string;
  clientId: string;
  mailbox: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
}

export interface AccessToken {
  token: string;
  clientId: string;
  mailbox: string;
  scopes: string[];
  expiresAt: number;
}

export interface RegisteredApp {
  clientId: string;
  /** Learned from the first token request that carries one unless configured up front. */
  clientSecret: string | null;
  /** Empty means any redirect URI is accepted. */
  redirectUris: string[];
  displayName: string;
}

export interface Subscription {
  id: string;
  mailbox: string;
  clientId: string;
  resource: string;
  /** The calendar the resource points at, or null for every calendar of the mailbox (/me/events). */
  calendarId: string | null;
  changeTypes: string[];
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expirationDateTime: number;
  latestSupportedTlsVersion: string;
}

export interface DeltaState {
  token: string;
  mailbox: string;
  calendarId: string | null;
  startMs: number;
  endMs: number;
  /** Instance id → change key the client has already been sent. */
  known: Record<string, string>;
  /** For a $skiptoken: the entries still to send in this round; empty for a $deltatoken. */
  pending: DeltaEntry[];
  kind: "skip" | "delta";
  createdAt: number;
}

export type DeltaEntry = { id: string; removed: true } | { id: string; removed: false; changeKey: string };

export interface EmulatorState {
  version: 1;
  tenantId: string;
  mailboxes: Mailbox[];
  calendars: StoredCalendar[];
  events: StoredEvent[];
  /** mailbox address → transaction ids already used there. */
  transactionIds: Record<string, string[]>;
  apps: RegisteredApp[];
  authorizationCodes: AuthorizationCode[];
  refreshTokens: RefreshToken[];
  accessTokens: AccessToken[];
  subscriptions: Subscription[];
  deltaStates: DeltaState[];
}
