// All state of one emulator instance, indexed for lookups, with the demo mailboxes seeded and a
// snapshot form for the state file. Every mutation goes through here so it can be persisted.
import type {
  AccessToken,
  AuthorizationCode,
  DeltaState,
  EmulatorState,
  Mailbox,
  RefreshToken,
  RegisteredApp,
  StoredCalendar,
  StoredEvent,
  Subscription,
} from "./model.ts";
import { newChangeKey, newGuid, newItemId } from "./ids.ts";

export const DEMO_MAILBOXES: ReadonlyArray<{ address: string; displayName: string }> = [
  { address: "iam.demo@outlook.test", displayName: "Iam Demo" },
  { address: "dana.host@outlook.test", displayName: "Dana Host" },
];

// Sync states are cheap for a client to ask for again; keeping the newest few per mailbox bounds memory.
const MAX_DELTA_STATES_PER_MAILBOX = 200;

export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** "dana.host@outlook.test" → "Dana Host": what Outlook shows for an address nobody named. */
function displayNameFromAddress(address: string): string {
  const local = address.split("@")[0] ?? address;
  return local
    .split(/[._-]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(" ");
}

/** Adds `id` under `key` in a one-to-many index. */
function addToIndex(index: Map<string, Set<string>>, key: string, id: string): void {
  let ids = index.get(key);
  if (!ids) {
    ids = new Set();
    index.set(key, ids);
  }
  ids.add(id);
}

function removeFromIndex(index: Map<string, Set<string>>, key: string, id: string): void {
  const ids = index.get(key);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) index.delete(key);
}

/**
 * Stores a record under `id` and keeps each of its indexes (index, key of a record) in step:
 * a record whose key changed leaves the old key's set for the new one.
 */
function putRecord<R>(
  records: Map<string, R>,
  id: string,
  record: R,
  indexes: ReadonlyArray<readonly [Map<string, Set<string>>, (record: R) => string]>,
): void {
  const previous = records.get(id);
  for (const [index, keyOf] of indexes) {
    if (previous !== undefined && keyOf(previous) !== keyOf(record)) removeFromIndex(index, keyOf(previous), id);
  }
  records.set(id, record);
  for (const [index, keyOf] of indexes) addToIndex(index, keyOf(record), id);
}

/** The records an index names, in the order they were added (the order a scan of the records map gave). */
function recordsOf<T>(ids: ReadonlySet<string> | undefined, records: ReadonlyMap<string, T>): T[] {
  const found: T[] = [];
  if (!ids) return found;
  for (const id of ids) {
    const record = records.get(id);
    // Skipping the id would hide an index that drifted from its records until answers went wrong.
    if (record === undefined) throw new Error(`Store index names ${id}, which is not stored`);
    found.push(record);
  }
  return found;
}

export class Store {
  tenantId: string;
  // Mailboxes, calendars, events, subscriptions and delta states are read-only outside the store:
  // every change goes through the methods below, which keep the per-mailbox and per-calendar
  // indexes in step, so that per-mailbox questions cost the mailbox's own data, not everyone's.
  private readonly mailboxRecords = new Map<string, Mailbox>();
  private readonly calendarRecords = new Map<string, StoredCalendar>();
  private readonly eventRecords = new Map<string, StoredEvent>();
  private readonly subscriptionRecords = new Map<string, Subscription>();
  private readonly deltaStateRecords = new Map<string, DeltaState>();
  private readonly calendarIdsByMailbox = new Map<string, Set<string>>();
  private readonly eventIdsByMailbox = new Map<string, Set<string>>();
  private readonly eventIdsByCalendar = new Map<string, Set<string>>();
  private readonly subscriptionIdsByMailbox = new Map<string, Set<string>>();
  private readonly deltaTokensByMailbox = new Map<string, Set<string>>();
  readonly mailboxes: ReadonlyMap<string, Mailbox> = this.mailboxRecords;
  readonly calendars: ReadonlyMap<string, StoredCalendar> = this.calendarRecords;
  readonly events: ReadonlyMap<string, StoredEvent> = this.eventRecords;
  readonly subscriptions: ReadonlyMap<string, Subscription> = this.subscriptionRecords;
  readonly deltaStates: ReadonlyMap<string, DeltaState> = this.deltaStateRecords;
  readonly transactionIds = new Map<string, Set<string>>();
  readonly apps = new Map<string, RegisteredApp>();
  readonly authorizationCodes = new Map<string, AuthorizationCode>();
  readonly refreshTokens = new Map<string, RefreshToken>();
  readonly accessTokens = new Map<string, AccessToken>();
  private readonly listeners: Array<() => void> = [];

  constructor(snapshot?: EmulatorState) {
    this.tenantId = snapshot?.tenantId ?? newGuid();
    if (snapshot) this.load(snapshot);
    else this.seed();
  }

  /** Called after every mutation (the state file saver listens). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  reset(): void {
    for (const map of [
      this.mailboxRecords,
      this.calendarRecords,
      this.eventRecords,
      this.subscriptionRecords,
      this.deltaStateRecords,
      this.calendarIdsByMailbox,
      this.eventIdsByMailbox,
      this.eventIdsByCalendar,
      this.subscriptionIdsByMailbox,
      this.deltaTokensByMailbox,
      this.transactionIds,
      this.apps,
      this.authorizationCodes,
      this.refreshTokens,
      this.accessTokens,
    ]) {
      map.clear();
    }
    this.seed();
    this.changed();
  }

  findMailbox(address: string): Mailbox | undefined {
    return this.mailboxRecords.get(normaliseAddress(address));
  }

  /** The mailbox for `address`, created (with its default calendar) when it does not exist yet. */
  ensureMailbox(address: string, displayName?: string): Mailbox {
    const key = normaliseAddress(address);
    const existing = this.mailboxRecords.get(key);
    if (existing) return existing;
    const mailbox: Mailbox = {
      address: key,
      displayName: displayName ?? displayNameFromAddress(key),
      userId: newGuid(),
      tokensValidFrom: 0,
      consents: {},
    };
    this.mailboxRecords.set(key, mailbox);
    this.putCalendar({
      id: newItemId("AAMkAGCal"),
      mailbox: key,
      name: "Calendar",
      changeKey: newChangeKey(),
      color: "auto",
      hexColor: "",
      isDefaultCalendar: true,
    });
    this.changed();
    return mailbox;
  }

  /** Adds a (secondary) calendar; the caller reports the change. */
  addCalendar(calendar: StoredCalendar): void {
    this.putCalendar(calendar);
  }

  calendarsOf(address: string): StoredCalendar[] {
    return recordsOf(this.calendarIdsByMailbox.get(address), this.calendarRecords);
  }

  defaultCalendar(address: string): StoredCalendar {
    const calendar = this.calendarsOf(address).find((candidate) => candidate.isDefaultCalendar);
    if (!calendar) throw new Error(`Mailbox ${address} has no default calendar`);
    return calendar;
  }

  /** Adds an event; the caller reports the change. */
  addEvent(event: StoredEvent): void {
    this.putEvent(event);
  }

  removeEvent(id: string): void {
    const event = this.eventRecords.get(id);
    if (!event) return;
    this.eventRecords.delete(id);
    removeFromIndex(this.eventIdsByMailbox, event.mailbox, id);
    removeFromIndex(this.eventIdsByCalendar, event.calendarId, id);
  }

  eventsOf(address: string, calendarId?: string | null): StoredEvent[] {
    if (calendarId == null) return recordsOf(this.eventIdsByMailbox.get(address), this.eventRecords);
    return recordsOf(this.eventIdsByCalendar.get(calendarId), this.eventRecords).filter((event) => event.mailbox === address);
  }

  eventCount(address: string): number {
    return this.eventIdsByMailbox.get(address)?.size ?? 0;
  }

  /** Adds a subscription; the caller reports the change. */
  addSubscription(subscription: Subscription): void {
    this.putSubscription(subscription);
  }

  removeSubscription(id: string): void {
    const subscription = this.subscriptionRecords.get(id);
    if (!subscription) return;
    this.subscriptionRecords.delete(id);
    removeFromIndex(this.subscriptionIdsByMailbox, subscription.mailbox, id);
  }

  /** The mailbox's subscriptions, expired ones included, oldest first. */
  subscriptionsOf(address: string): Subscription[] {
    return recordsOf(this.subscriptionIdsByMailbox.get(address), this.subscriptionRecords);
  }

  usedTransactionIds(address: string): Set<string> {
    let used = this.transactionIds.get(address);
    if (!used) {
      used = new Set();
      this.transactionIds.set(address, used);
    }
    return used;
  }

  saveDeltaState(state: DeltaState): void {
    this.putDeltaState(state);
    const tokens = this.deltaTokensByMailbox.get(state.mailbox);
    // A Set iterates oldest first and tolerates deleting the entry being visited.
    if (tokens) {
      for (const token of tokens) {
        if (tokens.size <= MAX_DELTA_STATES_PER_MAILBOX) break;
        this.removeDeltaState(token);
      }
    }
    this.changed();
  }

  removeDeltaState(token: string): void {
    const state = this.deltaStateRecords.get(token);
    if (!state) return;
    this.deltaStateRecords.delete(token);
    removeFromIndex(this.deltaTokensByMailbox, state.mailbox, token);
  }

  /** Drops what has expired so the state file does not grow without bound. */
  prune(now: number): void {
    for (const [key, code] of this.authorizationCodes) if (code.expiresAt < now - 3_600_000) this.authorizationCodes.delete(key);
    for (const [key, token] of this.accessTokens) if (token.expiresAt < now - 3_600_000) this.accessTokens.delete(key);
    for (const [key, token] of this.refreshTokens) if (token.expiresAt < now) this.refreshTokens.delete(key);
  }

  snapshot(): EmulatorState {
    return {
      version: 1,
      tenantId: this.tenantId,
      mailboxes: [...this.mailboxRecords.values()],
      calendars: [...this.calendarRecords.values()],
      events: [...this.eventRecords.values()],
      transactionIds: Object.fromEntries([...this.transactionIds].map(([address, ids]) => [address, [...ids]])),
      apps: [...this.apps.values()],
      authorizationCodes: [...this.authorizationCodes.values()],
      refreshTokens: [...this.refreshTokens.values()],
      accessTokens: [...this.accessTokens.values()],
      subscriptions: [...this.subscriptionRecords.values()],
      deltaStates: [...this.deltaStateRecords.values()],
    };
  }

  private load(state: EmulatorState): void {
    for (const mailbox of state.mailboxes) this.mailboxRecords.set(mailbox.address, mailbox);
    for (const calendar of state.calendars) this.putCalendar(calendar);
    // State files written before exceptions existed lack the field.
    for (const event of state.events) this.putEvent({ ...event, exceptions: event.exceptions ?? {} });
    for (const [address, ids] of Object.entries(state.transactionIds)) this.transactionIds.set(address, new Set(ids));
    for (const app of state.apps) this.apps.set(app.clientId, app);
    for (const code of state.authorizationCodes) this.authorizationCodes.set(code.code, code);
    for (const token of state.refreshTokens) this.refreshTokens.set(token.token, token);
    for (const token of state.accessTokens) this.accessTokens.set(token.token, token);
    for (const subscription of state.subscriptions) this.putSubscription(subscription);
    for (const delta of state.deltaStates) this.putDeltaState(delta);
  }

  // The only writers of the records maps and their indexes. Ids are fresh for every record, so a
  // record replaces another only when a state file lists an id twice; it then keeps its place in
  // the map and in the indexes (Map.set and Set.add leave an existing key where it is), except in
  // an index whose key it changes, where it goes last.

  private putCalendar(calendar: StoredCalendar): void {
    putRecord(this.calendarRecords, calendar.id, calendar, [[this.calendarIdsByMailbox, (c) => c.mailbox]]);
  }

  private putEvent(event: StoredEvent): void {
    putRecord(this.eventRecords, event.id, event, [
      [this.eventIdsByMailbox, (e) => e.mailbox],
      [this.eventIdsByCalendar, (e) => e.calendarId],
    ]);
  }

  private putSubscription(subscription: Subscription): void {
    putRecord(this.subscriptionRecords, subscription.id, subscription, [[this.subscriptionIdsByMailbox, (s) => s.mailbox]]);
  }

  private putDeltaState(state: DeltaState): void {
    putRecord(this.deltaStateRecords, state.token, state, [[this.deltaTokensByMailbox, (d) => d.mailbox]]);
  }

  private seed(): void {
    for (const demo of DEMO_MAILBOXES) this.ensureMailbox(demo.address, demo.displayName);
  }
}
