// The store answers per-mailbox questions from indexes kept beside its records. These tests fail
// if an index drifts from the records: after creates, deletes, a reset and a reload from the state
// file, every per-mailbox answer must equal what a scan of all records gives.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.ts";
import type { DeltaState, EmulatorState, StoredCalendar, StoredEvent, Subscription } from "../src/model.ts";
import { blankEventFields } from "../src/graph/eventInput.ts";
import { Store } from "../src/store.ts";
import { at, authorizeUrl, driveSignIn, graph, signIn } from "./support/helpers.ts";

/** A small deterministic generator, so a failure can be replayed. */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function ids(records: ReadonlyArray<{ id: string }>): string[] {
  return records.map((record) => record.id);
}

/** Every per-mailbox answer against a scan of the records maps, which hold the truth. */
function expectIndexesMatchRecords(store: Store, addresses: readonly string[]): void {
  const allEvents = [...store.events.values()];
  const allCalendars = [...store.calendars.values()];
  const calendarIds = [...allCalendars.map((calendar) => calendar.id), "no-such-calendar"];
  for (const address of [...addresses, "nobody@example.test"]) {
    const events = allEvents.filter((event) => event.mailbox === address);
    expect(ids(store.eventsOf(address))).toEqual(ids(events));
    expect(ids(store.eventsOf(address, null))).toEqual(ids(events));
    expect(store.eventCount(address)).toBe(events.length);
    for (const calendarId of calendarIds) {
      expect(ids(store.eventsOf(address, calendarId))).toEqual(ids(events.filter((event) => event.calendarId === calendarId)));
    }
    expect(ids(store.calendarsOf(address))).toEqual(ids(allCalendars.filter((calendar) => calendar.mailbox === address)));
    expect(ids(store.subscriptionsOf(address))).toEqual(ids([...store.subscriptions.values()].filter((subscription) => subscription.mailbox === address)));
    if (store.mailboxes.has(address)) expect(store.defaultCalendar(address).isDefaultCalendar).toBe(true);
  }
}

/** What the state file holds, through JSON as on disk. */
function reloaded(store: Store): Store {
  return new Store(JSON.parse(JSON.stringify(store.snapshot())) as EmulatorState);
}

describe("store indexes", () => {
  it("agree with the records through creates, deletes, resets and reloads", () => {
    const random = randomFrom(7);
    const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
    const addresses = ["one@example.test", "two@example.test", "three@example.test", "iam.demo@outlook.test"];
    let store = new Store();
    let serial = 0;

    const addEvent = () => {
      const calendar = pick([...store.calendars.values()]);
      if (!calendar) return;
      serial++;
      const event: StoredEvent = {
        ...blankEventFields(),
        id: `event-${serial}`,
        mailbox: calendar.mailbox,
        calendarId: calendar.id,
        createdByClientId: null,
        createdDateTime: serial,
        lastModifiedDateTime: serial,
        changeKey: `key-${serial}`,
        iCalUId: `ical-${serial}`,
        transactionId: null,
      };
      store.addEvent(event);
    };
    const addCalendar = () => {
      const address = pick([...store.mailboxes.keys()]);
      if (address === undefined) return;
      serial++;
      const calendar: StoredCalendar = { id: `calendar-${serial}`, mailbox: address, name: `Extra ${serial}`, changeKey: "k", color: "auto", hexColor: "", isDefaultCalendar: false };
      store.addCalendar(calendar);
    };
    const addSubscription = () => {
      const address = pick([...store.mailboxes.keys()]);
      if (address === undefined) return;
      serial++;
      const subscription: Subscription = {
        id: `subscription-${serial}`,
        mailbox: address,
        clientId: "app",
        resource: "me/events",
        calendarId: null,
        changeTypes: ["created"],
        notificationUrl: "http://127.0.0.1:9/hook",
        lifecycleNotificationUrl: null,
        clientState: null,
        expirationDateTime: Number.MAX_SAFE_INTEGER,
        latestSupportedTlsVersion: "v1_2",
      };
      store.addSubscription(subscription);
    };

    for (let step = 0; step < 600; step++) {
      const roll = random();
      if (roll < 0.05) store.ensureMailbox(pick(addresses) ?? "one@example.test");
      else if (roll < 0.08) addCalendar();
      else if (roll < 0.45) addEvent();
      else if (roll < 0.7) {
        const event = pick([...store.events.values()]);
        if (event) store.removeEvent(event.id);
      } else if (roll < 0.8) addSubscription();
      else if (roll < 0.88) {
        const subscription = pick([...store.subscriptions.values()]);
        if (subscription) store.removeSubscription(subscription.id);
      } else if (roll < 0.97) store = reloaded(store);
      else store.reset();
      expectIndexesMatchRecords(store, addresses);
    }
    // The run must have reached every kind of state it is meant to check.
    store.ensureMailbox("one@example.test");
    for (let count = 0; count < 5; count++) addEvent();
    expect(store.events.size).toBeGreaterThan(0);
    store = reloaded(store);
    expectIndexesMatchRecords(store, addresses);
  });

  it("keeps the newest delta states of each mailbox, also after a reload", () => {
    let store = new Store();
    const state = (token: string, mailbox: string): DeltaState => ({
      token, mailbox, calendarId: null, startMs: 0, endMs: 1, known: {}, pending: [], kind: "delta", createdAt: 0,
    });
    store.saveDeltaState(state("other-0", "dana.host@outlook.test"));
    for (let index = 0; index < 205; index++) store.saveDeltaState(state(`token-${index}`, "iam.demo@outlook.test"));
    const ofIam = () => [...store.deltaStates.values()].filter((candidate) => candidate.mailbox === "iam.demo@outlook.test").map((candidate) => candidate.token);
    expect(ofIam()).toEqual(Array.from({ length: 200 }, (_, index) => `token-${index + 5}`));
    expect(store.deltaStates.has("other-0")).toBe(true);

    store = reloaded(store);
    store.removeDeltaState("token-100");
    store.saveDeltaState(state("token-205", "iam.demo@outlook.test"));
    store.saveDeltaState(state("token-206", "iam.demo@outlook.test"));
    expect(ofIam()).toEqual([...Array.from({ length: 199 }, (_, index) => `token-${index + 6}`).filter((token) => token !== "token-100"), "token-205", "token-206"]);
    expect(store.deltaStates.has("other-0")).toBe(true);
  });
});

const WHEN = (day: number) => ({
  start: { dateTime: `2026-05-${String(day).padStart(2, "0")}T10:00:00`, timeZone: "UTC" },
  end: { dateTime: `2026-05-${String(day).padStart(2, "0")}T11:00:00`, timeZone: "UTC" },
});

async function control(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}/_emulator${path}`, {
    method,
    ...(body !== undefined ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text.length > 0 ? (JSON.parse(text) as unknown) : null };
}

async function subjects(baseUrl: string, token: string, path: string): Promise<string[]> {
  const response = await graph(baseUrl, token, "GET", `${path}${path.includes("?") ? "&" : "?"}$top=100&$select=subject`);
  expect(response.status).toBe(200);
  return (at(response.body, "value") as Array<{ subject: string }>).map((event) => event.subject);
}

async function eventCounts(baseUrl: string): Promise<Record<string, number>> {
  const listed = await control(baseUrl, "GET", "/mailboxes");
  return Object.fromEntries((at(listed.body, "value") as Array<{ address: string; eventCount: number }>).map((mailbox) => [mailbox.address, mailbox.eventCount]));
}

async function ownerSubjects(baseUrl: string, address: string): Promise<string[]> {
  const listed = await control(baseUrl, "GET", `/mailboxes/${address}/events`);
  expect(listed.status).toBe(200);
  return (at(listed.body, "value") as Array<{ subject: string }>).map((event) => event.subject).sort();
}

describe("per-mailbox answers through Graph and the control API", () => {
  let directory: string;
  const running: RunningEmulator[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "microsoft-emulator-indexes-"));
  });

  afterAll(async () => {
    for (const emulator of running) await emulator.close();
    await rm(directory, { recursive: true, force: true });
  });

  it("stay exact across deletes, re-creates, a restart from the state file and a reset", async () => {
    const stateFile = join(directory, "state.json");
    const first = await startEmulator({ port: 0, stateFile, throttling: { enabled: false } });
    running.push(first);
    const alice = (await signIn(first.url, "alice@example.test")).access_token;
    const iam = (await signIn(first.url, "iam.demo@outlook.test")).access_token;

    const extra = await graph(first.url, alice, "POST", "/me/calendars", { name: "Clinic" });
    expect(extra.status).toBe(201);
    const clinicId = String(at(extra.body, "id"));
    const created: Record<string, string> = {};
    for (const [token, path, subject, day] of [
      [alice, "/me/events", "A1", 1],
      [alice, "/me/events", "A2", 2],
      [alice, `/me/calendars/${clinicId}/events`, "A-clinic", 3],
      [iam, "/me/events", "I1", 4],
      [iam, "/me/calendar/events", "I2", 5],
    ] as const) {
      const response = await graph(first.url, token, "POST", path, { subject, ...WHEN(day) });
      expect(response.status).toBe(201);
      created[subject] = String(at(response.body, "id"));
    }
    const owned = await control(first.url, "POST", "/mailboxes/alice@example.test/events", { subject: "A-owner", ...WHEN(6) });
    expect(owned.status).toBe(201);
    expect((await graph(first.url, alice, "DELETE", `/me/events/${encodeURIComponent(created.A1 ?? "")}`)).status).toBe(204);
    expect((await graph(first.url, alice, "POST", "/me/events", { subject: "A1 again", ...WHEN(1) })).status).toBe(201);
    expect((await control(first.url, "DELETE", `/mailboxes/iam.demo@outlook.test/events/${encodeURIComponent(created.I1 ?? "")}`)).status).toBe(204);
    // Another mailbox's event is not found through this one.
    expect((await graph(first.url, alice, "GET", `/me/events/${encodeURIComponent(created.I2 ?? "")}`)).status).toBe(404);

    const expectBefore = async (url: string, aliceToken: string, iamToken: string) => {
      expect(await subjects(url, aliceToken, "/me/events")).toEqual(["A2", "A-clinic", "A-owner", "A1 again"]);
      expect(await subjects(url, aliceToken, "/me/calendar/events")).toEqual(["A2", "A-owner", "A1 again"]);
      expect(await subjects(url, aliceToken, `/me/calendars/${clinicId}/events`)).toEqual(["A-clinic"]);
      expect(await subjects(url, iamToken, "/me/events")).toEqual(["I2"]);
      expect((await graph(url, iamToken, "GET", `/me/calendars/${clinicId}/events`)).status).toBe(404);
      const calendars = await graph(url, aliceToken, "GET", "/me/calendars");
      expect((at(calendars.body, "value") as Array<{ name: string }>).map((calendar) => calendar.name)).toEqual(["Calendar", "Clinic"]);
      expect(await eventCounts(url)).toEqual({ "iam.demo@outlook.test": 1, "dana.host@outlook.test": 0, "alice@example.test": 4 });
      expect(await ownerSubjects(url, "alice@example.test")).toEqual(["A-clinic", "A-owner", "A1 again", "A2"]);
      expect(await ownerSubjects(url, "iam.demo@outlook.test")).toEqual(["I2"]);
    };
    await expectBefore(first.url, alice, iam);
    await first.close();
    running.pop();

    const second = await startEmulator({ port: 0, stateFile, throttling: { enabled: false } });
    running.push(second);
    await expectBefore(second.url, alice, iam);
    // Indexes rebuilt from the file take new records too.
    expect((await graph(second.url, alice, "POST", `/me/calendars/${clinicId}/events`, { subject: "A-clinic 2", ...WHEN(7) })).status).toBe(201);
    expect(await subjects(second.url, alice, `/me/calendars/${clinicId}/events`)).toEqual(["A-clinic", "A-clinic 2"]);
    expect((await eventCounts(second.url))["alice@example.test"]).toBe(5);

    expect((await control(second.url, "POST", "/reset")).status).toBe(204);
    expect(await eventCounts(second.url)).toEqual({ "iam.demo@outlook.test": 0, "dana.host@outlook.test": 0 });
    const aliceAgain = (await signIn(second.url, "alice@example.test")).access_token;
    const iamAgain = (await signIn(second.url, "iam.demo@outlook.test")).access_token;
    expect(await subjects(second.url, aliceAgain, "/me/events")).toEqual([]);
    expect((await graph(second.url, aliceAgain, "GET", "/me/calendars")).body).toMatchObject({ value: [{ name: "Calendar" }] });
    expect((await graph(second.url, aliceAgain, "POST", "/me/events", { subject: "After reset", ...WHEN(8) })).status).toBe(201);
    expect(await subjects(second.url, aliceAgain, "/me/events")).toEqual(["After reset"]);
    expect(await subjects(second.url, iamAgain, "/me/events")).toEqual([]);
    expect(await eventCounts(second.url)).toEqual({ "iam.demo@outlook.test": 0, "dana.host@outlook.test": 0, "alice@example.test": 1 });
  });
});

describe("sign-in page with many mailboxes", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });

  afterAll(async () => {
    await emulator.close();
  });

  const accountButtons = (page: string) => [...page.matchAll(/<button class="account" type="submit" name="account" value="([^"]*)">/g)].map((match) => match[1]);

  it("lists every mailbox while there are few, the first 50 (and the hinted one) when there are many", async () => {
    const few = await (await fetch(authorizeUrl(emulator.url))).text();
    expect(accountButtons(few)).toEqual(["iam.demo@outlook.test", "dana.host@outlook.test"]);
    expect(few).not.toContain("more not listed");

    for (let index = 0; index < 60; index++) {
      expect((await control(emulator.url, "POST", "/mailboxes", { address: `person${index}@example.test` })).status).toBe(201);
    }
    const many = await (await fetch(authorizeUrl(emulator.url))).text();
    const listed = accountButtons(many);
    expect(listed).toHaveLength(50);
    expect(listed.slice(0, 3)).toEqual(["iam.demo@outlook.test", "dana.host@outlook.test", "person0@example.test"]);
    expect(many).toContain("12 more not listed: type the address below.");
    expect(many).toContain('<input type="email" id="address" name="address"');

    const hinted = await (await fetch(authorizeUrl(emulator.url, { login_hint: "person55@example.test", prompt: "select_account" }))).text();
    expect(accountButtons(hinted)).toHaveLength(51);
    expect(accountButtons(hinted)).toContain("person55@example.test");
    expect(hinted).toContain("11 more not listed");

    // An unlisted mailbox and a new one both sign in by address.
    for (const address of ["person59@example.test", "newcomer@example.test"]) {
      const redirect = await driveSignIn(authorizeUrl(emulator.url), address);
      expect(redirect.searchParams.get("code")).toBeTruthy();
    }
    const counts = await eventCounts(emulator.url);
    expect(Object.keys(counts)).toHaveLength(63);
    expect(counts["newcomer@example.test"]).toBe(0);
  });
});
