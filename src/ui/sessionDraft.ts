/**
 * The session form's state as a person types it (strings, wall-clock date and time), and
 * its conversion to the API's requests: the contract's own schema checks it, so the form
 * shows the same messages the server would, next to the same fields.
 */
import { CreateSessionRequestSchema, type CreateSessionRequest, type SessionView, type UpdateSessionRequest } from "../server/contract.ts";
import { instantToWallClock, nextWholeHour, wallClockToInstant } from "./time.ts";

export interface ParticipantDraft {
  /** Identifies the row while it is edited; never sent. */
  key: string;
  name: string;
  email: string;
  phone: string;
}

export interface SessionDraft {
  title: string;
  hostId: string;
  date: string;
  time: string;
  timeZone: string;
  durationMin: string;
  notes: string;
  participants: ParticipantDraft[];
}

export type SessionRequest = Required<CreateSessionRequest>;
export type FieldErrors = Record<string, string>;

const DEFAULT_DURATION_MIN = 30;
let rowCounter = 0;

export function emptyParticipant(): ParticipantDraft {
  rowCounter += 1;
  return { key: `participant-${rowCounter}`, name: "", email: "", phone: "" };
}

/** A new session: the next whole hour in the user's zone, hosted by the user when they may host. */
export function newSessionDraft(user: { id: string; licensed: boolean; timeZone: string }, nowMs: number): SessionDraft {
  return {
    title: "",
    hostId: user.licensed ? user.id : "",
    ...nextWholeHour(nowMs, user.timeZone),
    timeZone: user.timeZone,
    durationMin: String(DEFAULT_DURATION_MIN),
    notes: "",
    participants: [],
  };
}

/** An existing session as the form shows it: its wall clock in its own zone. */
export function sessionToDraft(session: SessionView): SessionDraft {
  return {
    title: session.title,
    hostId: session.host.id,
    ...instantToWallClock(session.startsAt, session.timeZone),
    timeZone: session.timeZone,
    durationMin: String(session.durationMin),
    notes: session.notes ?? "",
    participants: session.participants.map((participant) => ({
      ...emptyParticipant(),
      name: participant.name,
      email: participant.email ?? "",
      phone: participant.phone ?? "",
    })),
  };
}

const blankToNull = (value: string): string | null => (value.trim() === "" ? null : value.trim());

/** The create request the draft stands for, or the messages of the fields that stop it. */
export function draftToRequest(draft: SessionDraft): { request: SessionRequest } | { errors: FieldErrors } {
  const startsAt = wallClockToInstant({ date: draft.date, time: draft.time }, draft.timeZone);
  const parsed = CreateSessionRequestSchema.safeParse({
    title: draft.title,
    hostId: draft.hostId,
    startsAt: startsAt ?? "",
    durationMin: draft.durationMin.trim() === "" ? Number.NaN : Number(draft.durationMin),
    timeZone: draft.timeZone,
    notes: blankToNull(draft.notes),
    participants: draft.participants.map((participant) => ({
      name: participant.name,
      email: blankToNull(participant.email),
      phone: blankToNull(participant.phone),
    })),
  });
  const errors: FieldErrors = {};
  if (startsAt === null) errors.startsAt = "Enter a real date and time.";
  if (draft.hostId === "") errors.hostId = "Choose a host.";
  for (const issue of parsed.error?.issues ?? []) {
    const path = issue.path.join(".");
    errors[path] ??= issue.message;
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { errors };
  return { request: parsed.data };
}

/** Only what changed, so a reschedule sends the time fields and a change of host the host. */
export function changedFields(before: SessionRequest, after: SessionRequest): UpdateSessionRequest {
  const changes: UpdateSessionRequest = {};
  if (after.title !== before.title) changes.title = after.title;
  if (after.hostId !== before.hostId) changes.hostId = after.hostId;
  if (Date.parse(after.startsAt) !== Date.parse(before.startsAt)) changes.startsAt = after.startsAt;
  if (after.durationMin !== before.durationMin) changes.durationMin = after.durationMin;
  if (after.timeZone !== before.timeZone) changes.timeZone = after.timeZone;
  if (after.notes !== before.notes) changes.notes = after.notes;
  if (JSON.stringify(after.participants) !== JSON.stringify(before.participants)) changes.participants = after.participants;
  return changes;
}
