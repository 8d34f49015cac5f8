// Every kind of response body the emulator sends, validated against the Graph v1.0 CSDL types.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.ts";
import { CsdlModel } from "./support/csdl.ts";
import { at, graph, signIn } from "./support/helpers.ts";

const model = new CsdlModel(readFileSync(new URL("./fixtures/v1.0-calendar-types.csdl.xml", import.meta.url), "utf8"));
// The extract lists only four user properties; /me returns the whole default set.
const OPEN = new Set(["user"]);
const PROPERTY = "String {66f5a359-4659-4830-9070-00047ec6ac6e} Name SessionId";

let emulator: RunningEmulator;
let token: string;
let receiver: Server;
let receiverUrl: string;
let eventId: string;
let seriesId: string;

function expectValid(body: unknown, type: string): void {
  expect(model.validate(body, type, { open: OPEN })).toEqual([]);
}

function collection(body: unknown): unknown[] {
  const value = at(body, "value");
  expect(Array.isArray(value)).toBe(true);
  return value as unknown[];
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  token = (await signIn(emulator.url)).access_token;
  receiver = createServer((request, response) => {
    const validation = new URL(request.url ?? "/", "http://x").searchParams.get("validationToken");
    if (validation) response.writeHead(200, { "content-type": "text/plain" }).end(validation);
    else response.writeHead(202).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/hook`;
  const created = await graph(emulator.url, token, "POST", "/me/events", {
    subject: "Typed",
    body: { contentType: "text", content: "Plain" },
    start: { dateTime: "2026-03-03T09:00:00", timeZone: "W. Europe Standard Time" },
    end: { dateTime: "2026-03-03T10:00:00", timeZone: "W. Europe Standard Time" },
    locations: [{ displayName: "Room", address: { city: "Berlin", countryOrRegion: "DE" }, coordinates: { latitude: 52.5, longitude: 13.4 } }],
    attendees: [{ emailAddress: { address: "guest@example.test", name: "Guest" }, type: "optional" }],
    categories: ["Telehealth"],
    isOnlineMeeting: true,
    onlineMeetingProvider: "teamsForBusiness",
    singleValueExtendedProperties: [{ id: PROPERTY, value: "s-1" }],
  });
  eventId = String(at(created.body, "id"));
  const series = await graph(emulator.url, token, "POST", "/me/events", {
    subject: "Series",
    start: { dateTime: "2026-03-02T09:00:00", timeZone: "UTC" },
    end: { dateTime: "2026-03-02T09:30:00", timeZone: "UTC" },
    recurrence: { pattern: { type: "weekly", interval: 1, daysOfWeek: ["monday", "wednesday"] }, range: { type: "endDate", startDate: "2026-03-02", endDate: "2026-03-31" } },
  });
  seriesId = String(at(series.body, "id"));
});

afterAll(async () => {
  await emulator.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe("responses validate against the CSDL", () => {
  it("event: create, read, expand, update", async () => {
    const id = encodeURIComponent(eventId);
    expectValid((await graph(emulator.url, token, "GET", `/me/events/${id}`)).body, "graph.event");
    const expand = encodeURIComponent(`singleValueExtendedProperties($filter=id eq '${PROPERTY}')`);
    const expanded = await graph(emulator.url, token, "GET", `/me/events/${id}?$expand=${expand}`);
    expect(at(expanded.body, "singleValueExtendedProperties")).toBeDefined();
    expectValid(expanded.body, "graph.event");
    expectValid((await graph(emulator.url, token, "PATCH", `/me/events/${id}`, { showAs: "tentative", sensitivity: "private" })).body, "graph.event");
    expectValid((await graph(emulator.url, token, "GET", `/me/events/${encodeURIComponent(seriesId)}`)).body, "graph.event");
  });

  it("event collections: list, calendarView (occurrences), delta", async () => {
    for (const item of collection((await graph(emulator.url, token, "GET", "/me/events?$top=50")).body)) expectValid(item, "graph.event");
    const view = await graph(emulator.url, token, "GET", "/me/calendarView?startDateTime=2026-03-01T00:00:00Z&endDateTime=2026-04-01T00:00:00Z&$top=50");
    const occurrences = collection(view.body);
    expect(occurrences.length).toBeGreaterThan(5);
    for (const item of occurrences) expectValid(item, "graph.event");
    const exception = await graph(emulator.url, token, "PATCH", `/me/events/${encodeURIComponent(String(at(occurrences[0], "id")))}`, { subject: "Just this one" });
    expect(at(exception.body, "type")).toBe("exception");
    expectValid(exception.body, "graph.event");
    await graph(emulator.url, token, "POST", "/me/events", { subject: "Soon gone", start: { dateTime: "2026-03-20T09:00:00", timeZone: "UTC" }, end: { dateTime: "2026-03-20T10:00:00", timeZone: "UTC" } });
    const delta = await graph(emulator.url, token, "GET", "/me/calendarView/delta?startDateTime=2026-03-01T00:00:00Z&endDateTime=2026-04-01T00:00:00Z", undefined, { Prefer: "odata.maxpagesize=100" });
    for (const item of collection(delta.body)) expectValid(item, "graph.event");
  });

  it("calendar and calendars", async () => {
    expectValid((await graph(emulator.url, token, "GET", "/me/calendar")).body, "graph.calendar");
    const created = await graph(emulator.url, token, "POST", "/me/calendars", { name: "Second" });
    expect(created.status).toBe(201);
    expectValid(created.body, "graph.calendar");
    for (const item of collection((await graph(emulator.url, token, "GET", "/me/calendars")).body)) expectValid(item, "graph.calendar");
  });

  it("user", async () => {
    const me = await graph(emulator.url, token, "GET", "/me");
    expectValid(me.body, "graph.user");
    expect(model.validate(at(me.body, "displayName"), "Edm.String")).toEqual([]);
  });

  it("subscription: create, renew, list", async () => {
    const created = await graph(emulator.url, token, "POST", "/subscriptions", {
      changeType: "created,updated,deleted",
      notificationUrl: receiverUrl,
      resource: "me/events",
      expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(),
      clientState: "c",
    });
    expect(created.status).toBe(201);
    expectValid(created.body, "graph.subscription");
    const renewed = await graph(emulator.url, token, "PATCH", `/subscriptions/${String(at(created.body, "id"))}`, { expirationDateTime: new Date(Date.now() + 7_200_000).toISOString() });
    expectValid(renewed.body, "graph.subscription");
    for (const item of collection((await graph(emulator.url, token, "GET", "/subscriptions")).body)) expectValid(item, "graph.subscription");
  });

  it("bodies inside a $batch", async () => {
    const response = await graph(emulator.url, token, "POST", "/$batch", {
      requests: [
        { id: "1", method: "GET", url: `/me/events/${encodeURIComponent(eventId)}` },
        { id: "2", method: "GET", url: "/me/calendar" },
      ],
    });
    const items = at(response.body, "responses") as Array<{ id: string; body: unknown }>;
    expectValid(items.find((item) => item.id === "1")?.body, "graph.event");
    expectValid(items.find((item) => item.id === "2")?.body, "graph.calendar");
  });

  it("the validator itself catches wrong shapes", () => {
    expect(model.validate({ showAs: "sometimes" }, "graph.event")).toHaveLength(1);
    expect(model.validate({ start: { timeZone: "UTC", dateTime: null } }, "graph.event")).toHaveLength(1);
    expect(model.validate({ reminderMinutesBeforeStart: "15" }, "graph.event")).toHaveLength(1);
    expect(model.validate({ colour: "red" }, "graph.event")).toHaveLength(1);
    expect(model.validate({ expirationDateTime: "tomorrow" }, "graph.subscription")).toHaveLength(1);
  });
});
