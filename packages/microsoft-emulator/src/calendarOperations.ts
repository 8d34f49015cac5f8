// Creating, changing and deleting events in a mailbox, whoever asks (an app through Graph, or the
// owner through the control API), with the checks Outlook makes and a change feed for notifications.
import type { Clock } from "./clock.ts";
import type { StoredCalendar, StoredEvent, WallClock } from "./model.ts";
import { formatInZone, resolveZone, UTC_ZONE } from "./timeZones.ts";
import type { Store } from "./store.ts";
import { newChangeKey, newICalUId, newItemId } from "./ids.ts";
import { applyEventInput, blankEventFields, type EventInput } from "./graph/eventInput.ts";
import { graphErrors } from "./graph/errors.ts";
import { singleInstance, type Instance } from "./graph/eventView.ts";

export type ChangeType = "created" | "updated" | "deleted";

function wallClockIn(instantMs: number, timeZone: string): WallClock {
  return { dateTime: formatInZone(instantMs, resolveZone(timeZone) ?? UTC_ZONE).slice(0, 19), timeZone };
}

export interface EventChange {
  type: ChangeType;
  event: StoredEvent;
}

export class CalendarOperations {
  private readonly listeners: Array<(change: EventChange) => void> = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  onChange(listener: (change: EventChange) => void): void {
    this.listeners.push(listener);
  }

  create(calendar: StoredCalendar, input: EventInput, createdByClientId: string | null): StoredEvent {
    if (!input.start || !input.end) throw graphErrors.invalidRequest("Your request can't be completed. The Start and End properties are required.");
    const transactionId = input.transactionId ?? null;
    const used = this.store.usedTransactionIds(calendar.mailbox);
    if (transactionId !== null && used.has(transactionId)) throw graphErrors.duplicateTransactionId(transactionId);
    const now = this.clock.now();
    const event: StoredEvent = {
      ...blankEventFields(),
      id: newItemId("AAMkAGEvt"),
      mailbox: calendar.mailbox,
      calendarId: calendar.id,
      createdByClientId,
      createdDateTime: now,
      lastModifiedDateTime: now,
      changeKey: newChangeKey(),
      iCalUId: newICalUId(),
      transactionId,
    };
    applyEventInput(event, input);
    if (transactionId !== null) used.add(transactionId);
    this.store.addEvent(event);
    this.emit({ type: "created", event });
    return event;
  }

  /** Applies a PATCH. `ifMatch` is the If-Match header: a stale change key fails with 412. */
  update(event: StoredEvent, input: EventInput, ifMatch?: string): StoredEvent {
    this.checkIfMatch(event, ifMatch);
    if (input.transactionId !== undefined && (input.transactionId ?? null) !== event.transactionId) {
      throw graphErrors.invalidRequest("The transactionId of an existing item can't be changed.");
    }
    const draft: StoredEvent = structuredClone(event);
    applyEventInput(draft, input);
    // Outlook drops the one-by-one changes of a series whose pattern or times change.
    if (input.recurrence !== undefined || input.start !== undefined || input.end !== undefined) draft.exceptions = {};
    Object.assign(event, draft, { lastModifiedDateTime: this.clock.now(), changeKey: newChangeKey() });
    this.emit({ type: "updated", event });
    return event;
  }

  /** PATCH of an event or of one occurrence of a series; answers the instance as it now is. */
  updateInstance(instance: Instance, input: EventInput, ifMatch?: string): Instance {
    if (instance.seriesMaster) return this.updateOccurrence(instance.seriesMaster, instance, input, ifMatch);
    return singleInstance(this.update(instance.event, input, ifMatch));
  }

  /** DELETE of an event, or cancellation of one occurrence of a series. */
  deleteInstance(instance: Instance, ifMatch?: string): void {
    if (instance.seriesMaster) this.cancelOccurrence(instance.seriesMaster, instance, ifMatch);
    else this.delete(instance.event, ifMatch);
  }

  /** PATCH of one occurrence: it becomes an exception with its own fields and change key. */
  private updateOccurrence(master: StoredEvent, instance: Instance, input: EventInput, ifMatch?: string): Instance {
    this.checkIfMatch(instance, ifMatch);
    if (input.recurrence) throw graphErrors.invalidRequest("An occurrence of a series cannot have a recurrence of its own.");
    if (input.transactionId !== undefined) throw graphErrors.invalidRequest("The transactionId of an existing item can't be changed.");
    const key = String(instance.originalStartMs);
    const current = master.exceptions[key];
    const base: StoredEvent = current && !current.cancelled
      ? structuredClone(current.event)
      : { ...structuredClone(master), recurrence: null, exceptions: {}, startMs: instance.startMs, endMs: instance.endMs };
    if (!current) {
      // The copy starts from the occurrence's own times, written in the series' zones.
      base.start = wallClockIn(instance.startMs, master.start.timeZone);
      base.end = wallClockIn(instance.endMs, master.end.timeZone);
    }
    applyEventInput(base, input);
    const now = this.clock.now();
    Object.assign(base, { lastModifiedDateTime: now, changeKey: newChangeKey() });
    master.exceptions[key] = { cancelled: false, event: base };
    master.lastModifiedDateTime = now;
    this.emit({ type: "updated", event: master });
    return { ...instance, event: base, type: "exception", startMs: base.startMs, endMs: base.endMs, changeKey: base.changeKey };
  }

  /** DELETE of one occurrence: the series skips it from now on. */
  private cancelOccurrence(master: StoredEvent, instance: Instance, ifMatch?: string): void {
    this.checkIfMatch(instance, ifMatch);
    master.exceptions[String(instance.originalStartMs)] = { cancelled: true };
    master.lastModifiedDateTime = this.clock.now();
    this.emit({ type: "updated", event: master });
  }

  delete(event: StoredEvent, ifMatch?: string): void {
    this.checkIfMatch(event, ifMatch);
    this.store.removeEvent(event.id);
    this.emit({ type: "deleted", event });
  }

  private checkIfMatch(event: { changeKey: string }, ifMatch: string | undefined): void {
    if (!ifMatch || ifMatch.trim() === "*") return;
    const tags = ifMatch.split(",").map((tag) => tag.trim().replace(/^W\//, "").replace(/^"|"$/g, ""));
    if (!tags.includes(event.changeKey)) throw graphErrors.irresolvableConflict();
  }

  private emit(change: EventChange): void {
    this.store.changed();
    for (const listener of this.listeners) listener(change);
  }
}
