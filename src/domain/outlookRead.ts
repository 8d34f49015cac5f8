/**
 * The read side of a linked calendar (S-CAL-5): the events of a mailbox the calendar page
 * shows, the changes an incremental read returns, and the door to the provider that
 * answers them. Pure types and one pure rule; Graph details stay in microsoft/graphRead.ts.
 */
import type { GraphEventId } from "./types.ts";

/** One of the user's own Outlook events, as the calendar page shows it. */
export interface ExternalEvent {
  id: GraphEventId;
  subject: string;
  startsAt: Date;
  endsAt: Date;
  isAllDay: boolean;
  showAs: string;
  webLink: string | null;
}

/** What one page of an incremental read says about the window. */
export interface ReadPage {
  changed: ExternalEvent[];
  removed: GraphEventId[];
  /** Where the round continues, or, on its last page, the link that asks only for later changes. */
  next: { kind: "page"; url: string } | { kind: "done"; deltaLink: string };
}

export interface ReadWindow {
  from: Date;
  to: Date;
}

export interface Subscription {
  id: string;
  expiresAt: Date;
  /** Where Microsoft posts this subscription's notifications. */
  notificationUrl: string;
}

export interface NewSubscription {
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  clientState: string;
  expiresAt: Date;
}

export interface CalendarReader {
  /** The first page of a full round over the window, or of the changes since `deltaLink`; any later page by its url. */
  readPage(from: { window: ReadWindow } | { url: string }): Promise<ReadPage>;
  subscribe(subscription: NewSubscription): Promise<Subscription>;
  renew(subscriptionId: string, expiresAt: Date): Promise<Subscription>;
  /** Deleting one that is already gone is not an error. */
  unsubscribe(subscriptionId: string): Promise<void>;
}

/**
 * Splits a page's changed events into those to cache and those that are the product's own
 * (mirrored sessions), which must never be shown a second time. `isOwn` answers from what
 * we recorded and, for ids we have never seen, from the mailbox's own-event property.
 */
export function withoutOwnEvents(changed: readonly ExternalEvent[], isOwn: (id: GraphEventId) => boolean): { keep: ExternalEvent[]; own: GraphEventId[] } {
  const keep: ExternalEvent[] = [];
  const own: GraphEventId[] = [];
  for (const event of changed) {
    if (isOwn(event.id)) own.push(event.id);
    else keep.push(event);
  }
  return { keep, own };
}

/** The rolling window read from Outlook around `now` (S-CAL-5). */
export function readWindow(now: Date, daysBack: number, daysAhead: number): ReadWindow {
  const dayMs = 24 * 3600_000;
  const startOfDay = Math.floor(now.getTime() / dayMs) * dayMs;
  return { from: new Date(startOfDay - daysBack * dayMs), to: new Date(startOfDay + (daysAhead + 1) * dayMs) };
}
