/**
 * The product's vocabulary as types. Pure: no I/O, no framework.
 *
 * Glossary
 * - organization: a clinic's account. Its data is invisible to every other organization.
 * - user: a member of one organization; `licensed` users host sessions and may link a calendar.
 * - session: a scheduled video session with a host, participants, a start instant, a duration
 *   and the IANA time zone its wall-clock times are shown in.
 * - active session: status `scheduled` and not yet ended.
 * - link (calendar link): one user's connection to one Microsoft mailbox.
 * - mailbox: the Outlook calendar a link writes to; Microsoft throttles per mailbox.
 * - mirror item: the record of one session's event in one link's mailbox (exactly one per pair).
 * - dirty: a mirror item whose Outlook event may differ from what the session says it should be.
 * - lease: a worker's time-limited claim on one link, so one worker at a time talks to a mailbox.
 * - reconcile: compare what Outlook should show with what it shows and repair the difference.
 */

declare const brand: unique symbol;
/** A value of `T` that the type checker keeps apart from other `T`s with another brand. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type OrgId = Brand<string, "OrgId">;
export type UserId = Brand<string, "UserId">;
export type SessionId = Brand<string, "SessionId">;
export type LinkId = Brand<string, "LinkId">;
/** The id Microsoft Graph gives an Outlook event. */
export type GraphEventId = Brand<string, "GraphEventId">;
export type MailboxAddress = Brand<string, "MailboxAddress">;

export const ROLES = ["account_admin", "scheduler"] as const;
export type Role = (typeof ROLES)[number];

export const SESSION_STATUSES = ["scheduled", "cancelled", "completed"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** How much of a session the Outlook event's subject reveals (an organization option). */
export const PRIVACY_LEVELS = ["minimal", "initials", "full"] as const;
export type PrivacyLevel = (typeof PRIVACY_LEVELS)[number];

export const LINK_STATES = ["active", "needs_relink", "unlinking"] as const;
export type LinkState = (typeof LINK_STATES)[number];

/** A participant is protected health information: only the name may ever leave the product. */
export interface Participant {
  name: string;
  email: string | null;
  phone: string | null;
}

export interface Session {
  id: SessionId;
  orgId: OrgId;
  hostId: UserId;
  title: string;
  startsAt: Date;
  durationMin: number;
  /** IANA name; wall-clock times are shown in this zone. */
  timeZone: string;
  notes: string | null;
  status: SessionStatus;
  participants: Participant[];
  /** Secret part of the host's join link. */
  hostJoinToken: string;
  participantJoinToken: string;
}

export function sessionEndsAt(session: Pick<Session, "startsAt" | "durationMin">): Date {
  return new Date(session.startsAt.getTime() + session.durationMin * 60_000);
}

/** Active = scheduled and not yet ended. */
export function isActiveSession(session: Pick<Session, "status" | "startsAt" | "durationMin">, now: Date): boolean {
  return session.status === "scheduled" && sessionEndsAt(session).getTime() > now.getTime();
}
