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

export class Store {
  tenantId: string;
  readonly mailboxes = new Map<string, Mailbox>();
  readonly calendars = new Map<string, StoredCalendar>();
  readonly events = new Map<string, StoredEvent>();
  readonly transactionIds = new Map<string, Set<string>>();
  readonly apps = new Map<string, RegisteredApp>();
  readonly authorizationCodes = new Map<string, AuthorizationCode>();
  readonly refreshTokens = new Map<string, RefreshToken>();
  readonly accessTokens = new Map<string, AccessToken>();
  readonly subscriptions = new Map<string, Subscription>();
  readonly deltaStates = new Map<string, DeltaState>();
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
      this.mailboxes,
      this.calendars,
      this.events,
      this.transactionIds,
      this.apps,
      this.authorizationCodes,
      this.refreshTokens,
      this.accessTokens,
      this.subscriptions,
      this.deltaStates,
    ]) {
      map.clear();
    }
    this.seed();
    this.changed();
  }

  findMailbox(address: string): Mailbox | undefined {
    return this.mailboxes.get(normaliseAddress(address));
  }

  /** The mailbox for `address`, created (with its default calendar) when it does not exist yet. */
  ensureMailbox(address: string, displayName?: string): Mailbox {
    const key = normaliseAddress(address);
    const existing = this.mailboxes.get(key);
    if (existing) return existing;
    const mailbox: Mailbox = {
      address: key,
      displayName: displayName ?? displayNameFromAddress(key),
      userId: newGuid(),
      tokensValidFrom: 0,
      consents: {},
    };
    this.mailboxes.set(key, mailbox);
    const calendar: StoredCalendar = {
      id: newItemId("AAMkAGCal"),
      mailbox: key,
      name: "Calendar",
      changeKey: newChangeKey(),
      color: "auto",
      hexColor: "",
      isDefaultCalendar: true,
    };
    this.calendars.set(calendar.id, calendar);
    this.changed();
    return mailbox;
  }

  calendarsOf(address: string): StoredCalendar[] {
    return [...this.calendars.values()].filter((calendar) => calendar.mailbox === address);
  }

  defaultCalendar(address: string): StoredCalendar {
    const calendar = this.calendarsOf(address).find((candidate) => candidate.isDefaultCalendar);
    if (!calendar) throw new Error(`Mailbox ${address} has no default calendar`);
    return calendar;
  }

  eventsOf(address: string, calendarId?: string | null): StoredEvent[] {
    return [...this.events.values()].filter(
      (event) => event.mailbox === address && (calendarId == null || event.calendarId === calendarId),
    );
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
    this.deltaStates.set(state.token, state);
    const ofMailbox = [...this.deltaStates.values()].filter((candidate) => candidate.mailbox === state.mailbox);
    for (const stale of ofMailbox.slice(0, Math.max(0, ofMailbox.length - MAX_DELTA_STATES_PER_MAILBOX))) {
      this.deltaStates.delete(stale.token);
    }
    this.changed();
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
      mailboxes: [...this.mailboxes.values()],
      calendars: [...this.calendars.values()],
      events: [...this.events.values()],
      transactionIds: Object.fromEntries([...this.transactionIds].map(([address, ids]) => [address, [...ids]])),
      apps: [...this.apps.values()],
      authorizationCodes: [...this.authorizationCodes.values()],
      refreshTokens: [...this.refreshTokens.values()],
      accessTokens: [...this.accessTokens.values()],
      subscriptions: [...this.subscriptions.values()],
      deltaStates: [...this.deltaStates.values()],
    };
  }

  private load(state: EmulatorState): void {
    for (const mailbox of state.mailboxes) this.mailboxes.set(mailbox.address, mailbox);
    for (const calendar of state.calendars) this.calendars.set(calendar.id, calendar);
    // State files written before exceptions existed lack the field.
    for (const event of state.events) this.events.set(event.id, { ...event, exceptions: event.exceptions ?? {} });
    for (const [address, ids] of Object.entries(state.transactionIds)) this.transactionIds.set(address, new Set(ids));
    for (const app of state.apps) this.apps.set(app.clientId, app);
    for (const code of state.authorizationCodes) this.authorizationCodes.set(code.code, code);
    for (const token of state.refreshTokens) this.refreshTokens.set(token.token, token);
    for (const token of state.accessTokens) this.accessTokens.set(token.token, token);
    for (const subscription of state.subscriptions) this.subscriptions.set(subscription.id, subscription);
    for (const delta of state.deltaStates) this.deltaStates.set(delta.token, delta);
  }

  private seed(): void {
    for (const demo of DEMO_MAILBOXES) this.ensureMailbox(demo.address, demo.displayName);
  }
}
