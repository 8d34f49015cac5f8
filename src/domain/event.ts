/**
 * What a session's Outlook event should show (S-SYNC-3), as a provider-neutral draft,
 * and a hash of it so the reconciler can tell whether Outlook is already up to date.
 * Only the names of participants may appear here, never their e-mail, phone or notes.
 */

import { createHash } from "node:crypto";
import { ianaToWindowsZone } from "windows-time-zones";
import { escapeHtml } from "./html.ts";
import type { Participant, PrivacyLevel, Session, SessionId } from "./types.ts";
import { readsOnce, wallClockReading } from "./zoneClock.ts";

/** A wall-clock time and the zone it is read in, as Microsoft Graph's dateTimeTimeZone. */
export interface OutlookDateTime {
  /** "YYYY-MM-DDTHH:mm:ss", no offset. */
  dateTime: string;
  /** A Windows time zone name, or "UTC". */
  timeZone: string;
}

export interface OutlookEventDraft {
  sessionId: SessionId;
  subject: string;
  bodyHtml: string;
  start: OutlookDateTime;
  end: OutlookDateTime;
  location: "Video session";
  showAs: "busy";
}

export interface EventContext {
  privacyLevel: PrivacyLevel;
  productName: string;
  /** The product's public address, e.g. "https://care.example.org". */
  appUrl: string;
}

const GENERIC_SUBJECT = "Video session";
/** Outlook's limit for a subject. */
export const MAX_SUBJECT_LENGTH = 255;

export function outlookEventFor(session: Session, ctx: EventContext): OutlookEventDraft {
  const start = session.startsAt.getTime();
  const end = start + session.durationMin * 60_000;
  const zone = outlookZoneFor(session.timeZone, [start, end]);
  const revealed = revealedBy(session, ctx.privacyLevel);
  return {
    sessionId: session.id,
    subject: subjectFor(revealed),
    bodyHtml: bodyFor(revealed, session.hostJoinToken, ctx),
    start: outlookDateTime(start, zone),
    end: outlookDateTime(end, zone),
    location: "Video session",
    showAs: "busy",
  };
}

/** Equal drafts give equal hashes, whatever order their keys were written in. */
export function eventDraftHash(draft: OutlookEventDraft): string {
  return createHash("sha256").update(canonicalJson(draft)).digest("hex");
}

// --- what the event reveals ------------------------------------------------------------

/** What the privacy level lets the event show; the subject and the body both show exactly this. */
interface Revealed {
  heading: string;
  /** Names or initials, in the session's order. */
  people: string[];
}

function revealedBy(session: Session, privacyLevel: PrivacyLevel): Revealed {
  switch (privacyLevel) {
    case "minimal":
      return { heading: GENERIC_SUBJECT, people: [] };
    case "initials":
      return { heading: GENERIC_SUBJECT, people: participantNames(session.participants).map(initialsOf).filter((initials) => initials !== "") };
    case "full":
      return { heading: cleanText(session.title) || GENERIC_SUBJECT, people: participantNames(session.participants) };
  }
}

function subjectFor({ heading, people }: Revealed): string {
  return truncate(people.length === 0 ? heading : `${heading} – ${people.join(", ")}`, MAX_SUBJECT_LENGTH);
}

/** Names as they may be shown, in order; a participant without a name is left out. */
function participantNames(participants: readonly Participant[]): string[] {
  return participants.map((participant) => cleanText(participant.name)).filter((name) => name !== "");
}

// Direction overrides and isolates could make a name display as something else.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const CONTROL_CHARS = /\p{Cc}/gu;

/** One line of text: composed characters, no control or direction characters, single spaces. */
function cleanText(text: string): string {
  return text.normalize("NFC").replace(BIDI_CONTROLS, "").replace(CONTROL_CHARS, " ").replace(/\s+/gu, " ").trim();
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });
const STARTS_WITH_LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u;

/**
 * "Jane Doe" → "J.D.", "émile" → "É.", "محمد علي" → "م.ع.". Works on whole graphemes so
 * an accent or an emoji is never split; a word without a letter (an emoji) gives nothing.
 */
function initialsOf(name: string): string {
  return name
    .split(" ")
    .map(firstLetterOf)
    .filter((letter) => letter !== undefined)
    .map((letter) => `${letter.toUpperCase()}.`)
    .join("");
}

function firstLetterOf(word: string): string | undefined {
  for (const { segment } of graphemes.segment(word)) {
    if (STARTS_WITH_LETTER_OR_DIGIT.test(segment)) return segment;
  }
  return undefined;
}

/** Cuts at a grapheme boundary and marks the cut, so the result is never longer than `maxLength` UTF-16 units. */
function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const ellipsis = "…";
  let kept = "";
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length + segment.length + ellipsis.length > maxLength) break;
    kept += segment;
  }
  return kept.trimEnd() + ellipsis;
}

// --- body ------------------------------------------------------------------------------

function bodyFor({ heading, people }: Revealed, hostJoinToken: string, ctx: EventContext): string {
  const joinUrl = `${ctx.appUrl.replace(/\/+$/, "")}/room/${encodeURIComponent(hostJoinToken)}`;
  const product = escapeHtml(ctx.productName);
  return [
    `<p>${escapeHtml(heading)}</p>`,
    ...(people.length === 0 ? [] : [`<p>Participants: ${escapeHtml(people.join(", "))}</p>`]),
    `<p>Join as host: <a href="${escapeHtml(joinUrl)}">${escapeHtml(joinUrl)}</a></p>`,
    `<p>This event is managed by ${product}. Changes made in Outlook are not synced back: edit the session in ${product} instead.</p>`,
  ].join("\n");
}

// --- time ------------------------------------------------------------------------------

/** The zone wall-clock times are computed in, and the name Microsoft is told. */
interface OutlookZone {
  iana: string;
  outlookName: string;
}

const UTC: OutlookZone = { iana: "UTC", outlookName: "UTC" };

/**
 * Microsoft accepts Windows zone names and only some IANA names, so the session's zone is
 * always sent as its Windows equivalent. Without one, or when a wall-clock time would be
 * ambiguous there (the repeated hour when clocks go back), UTC says exactly when it is.
 */
function outlookZoneFor(ianaZone: string, instants: readonly number[]): OutlookZone {
  const windowsZone = ianaToWindowsZone(ianaZone);
  if (windowsZone === undefined) return UTC;
  return instants.every((epochMs) => readsOnce(ianaZone, epochMs)) ? { iana: ianaZone, outlookName: windowsZone } : UTC;
}

function outlookDateTime(epochMs: number, zone: OutlookZone): OutlookDateTime {
  return { dateTime: wallClockReading(zone.iana, epochMs), timeZone: zone.outlookName };
}

// --- hash ------------------------------------------------------------------------------

/** JSON with object keys sorted at every depth; the draft holds only strings and plain objects. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}
