/**
 * The only door from the reconciler to an outside calendar. A provider speaks for one
 * linked mailbox; Graph details (paths, payloads, error bodies) stay behind it, so another
 * calendar service could be added without touching the reconciler.
 */
import type { GraphEventId, SessionId } from "./types.ts";
import type { OutlookEventDraft } from "./event.ts";

/** An event of ours as the mailbox has it now. */
export interface RemoteOwnEvent {
  id: GraphEventId;
  sessionId: SessionId;
  /** Changes whenever anyone edits the event; compared with what our last write returned. */
  changeKey: string;
}

export interface WrittenEvent {
  id: GraphEventId;
  changeKey: string;
}

export interface CalendarProvider {
  /** `transactionId` is deterministic per (link, session, generation) so a repeated create can be recognised. */
  createEvent(draft: OutlookEventDraft, transactionId: string): Promise<WrittenEvent>;
  updateEvent(id: GraphEventId, draft: OutlookEventDraft): Promise<WrittenEvent>;
  deleteEvent(id: GraphEventId): Promise<void>;
  /** Every event carrying our session-id property for this session (normally zero or one). */
  findEventsBySession(sessionId: SessionId): Promise<RemoteOwnEvent[]>;
  /** Every event in the mailbox carrying our session-id property, page by page. */
  listOwnEvents(): AsyncIterable<RemoteOwnEvent[]>;
}

/**
 * What went wrong talking to the provider, normalised so that classify.ts can decide
 * between retrying, refreshing the token, asking the user to relink, or giving up.
 */
export type ProviderFailureDetail =
  | { kind: "http"; status: number; graphCode?: string; retryAfterHeader?: string; message?: string }
  | { kind: "network"; code?: string }
  | { kind: "token"; error: string; errorCodes: number[]; suberror?: string };

export class ProviderFailure extends Error {
  constructor(
    readonly detail: ProviderFailureDetail,
    message: string,
  ) {
    super(message);
    this.name = "ProviderFailure";
  }
}
