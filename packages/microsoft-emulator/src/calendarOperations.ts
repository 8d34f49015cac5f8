// Creating, changing and deleting events in a mailbox, whoever asks (an app through Graph, or the
// owner through the control API), with the checks Outlook makes and a change feed for notifications.
import type { Clock } from "./clock.ts";
import type { StoredCalendar, StoredEvent } from "./model.ts";
import type { Store } from "./store.ts";
import { newChangeKey, newICalUId, newItemId } from "./ids.ts";
import { applyEventInput, blankEventFields, type EventInput } from "./graph/eventInput.ts";
import { graphErrors } from "./graph/errors.ts";

export type ChangeType = "created" | "updated" | "deleted";

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
    this.store.events.set(event.id, event);
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
    Object.assign(event, draft, { lastModifiedDateTime: this.clock.now(), changeKey: newChangeKey() });
    this.emit({ type: "updated", event });
    return event;
  }

  delete(event: StoredEvent, ifMatch?: string): void {
    this.checkIfMatch(event, ifMatch);
    this.store.events.delete(event.id);
    this.emit({ type: "deleted", event });
  }

  private checkIfMatch(event: StoredEvent, ifMatch: string | undefined): void {
    if (!ifMatch || ifMatch.trim() === "*") return;
    const tags = ifMatch.split(",").map((tag) => tag.trim().replace(/^W\//, "").replace(/^"|"$/g, ""));
    if (!tags.includes(event.changeKey)) throw graphErrors.irresolvableConflict();
  }

  private emit(change: EventChange): void {
    this.store.changed();
    for (const listener of this.listeners) listener(change);
  }
}
