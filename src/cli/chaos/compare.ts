/**
 * The verdict of a chaos run for one mailbox, as a pure function: what Outlook should hold
 * (the active sessions its user hosts), what it holds, and what must never have changed
 * (events the product did not create).
 */

export interface DesiredEvent {
  sessionId: string;
  startsAt: Date;
  endsAt: Date;
}

/** An event as the mailbox holds it, times in UTC; `sessionId` is null for events not ours. */
export interface HeldEvent {
  id: string;
  subject: string;
  startsAt: Date;
  endsAt: Date;
  sessionId: string | null;
}

export interface ForeignEvent {
  id: string;
  subject: string;
  startsAt: Date;
  endsAt: Date;
}

export interface MailboxVerdict {
  /** Active hosted sessions with no event. */
  missing: number;
  /** Events beyond the first for one session. */
  duplicates: number;
  /** Events of ours for sessions that should have none (cancelled, deleted, another host). */
  orphans: number;
  /** Events of ours whose subject or times differ from the session. */
  stale: number;
  /** Events the product did not create that were changed or removed. */
  foreignTouched: number;
}

export function compareMailbox(input: {
  desired: readonly DesiredEvent[];
  held: readonly HeldEvent[];
  foreign: readonly ForeignEvent[];
  expectedSubject: string;
}): MailboxVerdict {
  const ours = new Map<string, HeldEvent[]>();
  for (const event of input.held) {
    if (event.sessionId === null) continue;
    ours.set(event.sessionId, [...(ours.get(event.sessionId) ?? []), event]);
  }
  const desiredIds = new Set(input.desired.map((d) => d.sessionId));
  const verdict: MailboxVerdict = { missing: 0, duplicates: 0, orphans: 0, stale: 0, foreignTouched: 0 };
  for (const desired of input.desired) {
    const events = ours.get(desired.sessionId) ?? [];
    if (events.length === 0) {
      verdict.missing++;
      continue;
    }
    verdict.duplicates += events.length - 1;
    const [event] = events;
    const matches =
      event !== undefined &&
      event.subject === input.expectedSubject &&
      event.startsAt.getTime() === desired.startsAt.getTime() &&
      event.endsAt.getTime() === desired.endsAt.getTime();
    if (!matches) verdict.stale++;
  }
  for (const [sessionId, events] of ours) {
    if (!desiredIds.has(sessionId)) verdict.orphans += events.length;
  }
  const heldById = new Map(input.held.map((event) => [event.id, event]));
  for (const foreign of input.foreign) {
    const now = heldById.get(foreign.id);
    const untouched =
      now !== undefined &&
      now.sessionId === null &&
      now.subject === foreign.subject &&
      now.startsAt.getTime() === foreign.startsAt.getTime() &&
      now.endsAt.getTime() === foreign.endsAt.getTime();
    if (!untouched) verdict.foreignTouched++;
  }
  return verdict;
}

export function sumVerdicts(verdicts: readonly MailboxVerdict[]): MailboxVerdict {
  const total: MailboxVerdict = { missing: 0, duplicates: 0, orphans: 0, stale: 0, foreignTouched: 0 };
  for (const v of verdicts) {
    total.missing += v.missing;
    total.duplicates += v.duplicates;
    total.orphans += v.orphans;
    total.stale += v.stale;
    total.foreignTouched += v.foreignTouched;
  }
  return total;
}
