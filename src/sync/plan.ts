/**
 * The reconciler's decision for one mirror item, as a pure function of what Outlook should
 * show and what we last recorded about it. Level-triggered: the same inputs always give
 * the same step, however many times a change was made or a step was retried.
 */
import { isActiveSession, type Session } from "../domain/types.ts";

export interface Recorded<EventId extends string = string> {
  remoteEventId: EventId | null;
  pushedHash: string | null;
  /** A create may have reached Microsoft without us hearing back. */
  createInDoubt: boolean;
}

/** `null`: no event should exist (cancelled, deleted, another host, link ending). */
export type Desired = { hash: string } | null;

export type Step =
  | { kind: "create" }
  | { kind: "update" }
  | { kind: "delete" }
  /** Find the event by its session property before deciding (after a create in doubt). */
  | { kind: "lookup" }
  /** Nothing exists remotely and nothing should: drop the record. */
  | { kind: "forget" }
  /** Outlook already shows what it should. */
  | { kind: "none" };

export function planMirrorItem(desired: Desired, recorded: Recorded<string>): Step {
  if (recorded.remoteEventId === null && recorded.createInDoubt) return { kind: "lookup" };
  if (desired === null) return recorded.remoteEventId === null ? { kind: "forget" } : { kind: "delete" };
  if (recorded.remoteEventId === null) return { kind: "create" };
  return recorded.pushedHash === desired.hash ? { kind: "none" } : { kind: "update" };
}

export interface ItemFacts {
  session: Pick<Session, "hostId" | "status" | "startsAt" | "durationMin"> & { deleted: boolean };
  linkUserId: string;
  linkActive: boolean;
  /** Whether an event exists (or may exist) for this item already. */
  hasEvent: boolean;
}

/**
 * Whether the session should have an event in this link's mailbox. Sessions that ended or
 * completed keep an event they have (S-SYNC-1) but never get a new one.
 */
export function shouldHaveEvent(facts: ItemFacts, now: Date): boolean {
  const { session } = facts;
  if (!facts.linkActive || session.deleted || session.hostId !== facts.linkUserId) return false;
  if (session.status === "cancelled") return false;
  if (isActiveSession(session, now)) return true;
  return facts.hasEvent;
}
