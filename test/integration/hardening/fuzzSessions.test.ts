/**
 * Hostile input at the session, series, calendar and room routes: arbitrary JSON, strings,
 * numbers, dates and time zones. Every answer is a success or a clear 4xx; a refused
 * request writes nothing.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { signIn, startTestApp, type Client, type TestApp } from "../../support/app.ts";
import { createTwoOrganizations, type OrgFixture } from "../../support/fixtures.ts";
import {
  expectOnlyClearAnswers,
  hostileBody,
  hostileInstant,
  hostileJson,
  hostileLocalDate,
  hostileLocalTime,
  hostileNumber,
  hostileSegment,
  hostileString,
  hostileTimeZone,
  queryString,
} from "../../support/hostile.ts";

describe("hostile input: sessions, series, calendar, rooms", () => {
  let t: TestApp;
  let a: OrgFixture;
  let admin: Client;
  let sessionId: string;
  let seriesId: string;

  const participant = fc.oneof(
    hostileJson,
    fc.record({ name: hostileString, email: fc.oneof(hostileString, fc.emailAddress(), fc.constant(null)), phone: fc.oneof(hostileString, fc.constant("+44 20 7946 0000")) }, { requiredKeys: [] }),
  );
  const sessionFields = () => ({
    title: hostileString,
    hostId: fc.oneof(fc.constant(a.admin.id), fc.constant(a.scheduler.id), fc.uuid(), hostileString),
    startsAt: hostileInstant,
    durationMin: hostileNumber,
    timeZone: hostileTimeZone,
    notes: fc.oneof(hostileString, fc.constant(null)),
    participants: fc.oneof(fc.array(participant, { maxLength: 25 }), hostileJson),
  });
  const validSession = () => ({ title: "Check-in", hostId: a.admin.id, startsAt: new Date(Date.now() + 86_400_000).toISOString(), durationMin: 30, timeZone: "Europe/London" });
  const rule = fc.oneof(
    hostileJson,
    fc.record(
      {
        frequency: fc.constantFrom("daily", "weekly", "monthly", "yearly", ""),
        interval: hostileNumber,
        weekdays: fc.oneof(fc.array(fc.oneof(fc.integer({ min: -1, max: 8 }), hostileString), { maxLength: 8 }), hostileJson),
        monthly: fc.oneof(fc.record({ kind: fc.constantFrom("dayOfMonth", "nthWeekday"), day: hostileNumber, nth: hostileNumber, weekday: hostileNumber }, { requiredKeys: [] }), hostileJson),
        end: fc.oneof(
          fc.record({ kind: fc.constantFrom("never", "until", "count"), date: hostileLocalDate, count: hostileNumber }, { requiredKeys: ["kind"] }),
          hostileJson,
        ),
      },
      { requiredKeys: [] },
    ),
  );
  const validSeries = () => ({
    title: "Group",
    hostId: a.admin.id,
    durationMin: 30,
    timeZone: "Europe/London",
    rule: { frequency: "weekly", interval: 1, weekdays: [1, 4], end: { kind: "count", count: 4 } },
    firstStart: { date: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10), time: "09:00" },
  });
  const seriesFields = () => {
    const { startsAt: _startsAt, ...fields } = sessionFields();
    return { ...fields, rule, firstStart: fc.oneof(fc.record({ date: hostileLocalDate, time: hostileLocalTime }), hostileJson), scope: fc.constantFrom("series", "following", "this"), sessionId: fc.oneof(fc.uuid(), hostileString), startDate: hostileLocalDate, startTime: hostileLocalTime };
  };
  const id = (known: () => string) => fc.oneof(fc.constant(0).map(known), hostileSegment);
  const range = fc.record({ from: fc.oneof(hostileInstant, fc.array(hostileInstant, { minLength: 2, maxLength: 2 })), to: hostileInstant }, { requiredKeys: [] });

  beforeAll(async () => {
    t = await startTestApp();
    [a] = await createTwoOrganizations(t.database.db);
    admin = await signIn(t.app, a.admin.email);
    sessionId = (await admin.request({ method: "POST", url: "/api/sessions", payload: validSession() })).json<{ id: string }>().id;
    seriesId = (await admin.request({ method: "POST", url: "/api/series", payload: validSeries() })).json<{ id: string }>().id;
  });
  afterAll(async () => t.close());

  const json = (method: "POST" | "PATCH" | "DELETE" | "GET", url: string, body?: unknown) =>
    admin.request({ method, url, ...(body === undefined ? {} : { payload: JSON.stringify(body), headers: { "content-type": "application/json" } }) });

  it("POST /api/sessions", () => expectOnlyClearAnswers(t.database.db, hostileBody(validSession(), sessionFields()), (body) => json("POST", "/api/sessions", body), { numRuns: 60 }));

  it("PATCH /api/sessions/:id", () =>
    expectOnlyClearAnswers(t.database.db, fc.tuple(id(() => sessionId), hostileBody({ title: "Renamed" }, sessionFields())), ([target, body]) =>
      json("PATCH", `/api/sessions/${target}`, body),
    ));

  it("GET, cancel and DELETE /api/sessions/:id with hostile ids and bodies", () =>
    expectOnlyClearAnswers(t.database.db, fc.tuple(fc.constantFrom("GET", "POST", "DELETE") as fc.Arbitrary<"GET" | "POST" | "DELETE">, hostileSegment, hostileJson), ([method, target, body]) =>
      json(method, `/api/sessions/${target}${method === "POST" ? "/cancel" : ""}`, method === "GET" ? undefined : body),
    ));

  it("POST /api/series", () => expectOnlyClearAnswers(t.database.db, hostileBody(validSeries(), seriesFields()), (body) => json("POST", "/api/series", body), { numRuns: 60 }));

  it("PATCH /api/series/:id and its cancel", () =>
    expectOnlyClearAnswers(
      t.database.db,
      fc.tuple(fc.boolean(), id(() => seriesId), hostileBody({ scope: "series", title: "Group" }, seriesFields())),
      ([cancel, target, body]) => json(cancel ? "POST" : "PATCH", `/api/series/${target}${cancel ? "/cancel" : ""}`, body),
    ));

  it("GET /api/series/occurrences, /api/calendar and /api/series/:id with hostile ranges", () =>
    expectOnlyClearAnswers(t.database.db, fc.tuple(fc.constantFrom("/api/series/occurrences", "/api/calendar", `/api/series/${"x"}`), range, hostileSegment), ([path, query, segment]) =>
      json("GET", path.endsWith("/x") ? `/api/series/${segment}` : `${path}?${queryString(query)}`),
    ));

  it("POST /api/calendar/refresh, GET /api/sessions and /api/hosts with hostile bodies and queries", () =>
    expectOnlyClearAnswers(t.database.db, fc.tuple(fc.constantFrom("/api/calendar/refresh", "/api/sessions", "/api/hosts", "/api/me"), hostileJson, fc.dictionary(hostileString, hostileString, { maxKeys: 3 })), ([path, body, query]) =>
      path === "/api/calendar/refresh" ? json("POST", path, body) : json("GET", `${path}?${queryString(query)}`),
    ));

  it("answers clearly the inputs that used to be a 500", () =>
    expectOnlyClearAnswers(
      t.database.db,
      fc.constantFrom<[string, string, string?]>(
        ["POST", "/api/sessions", `${"[".repeat(100_000)}${"]".repeat(100_000)}`],
        ["POST", "/api/series", `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`],
        ["GET", "/api/calendar?from=0000-01-01T00:00:00Z&to=0000-01-02T00:00:00Z"],
        ["GET", "/api/calendar?from=9999-12-31T20:00:00-05:00&to=9999-12-31T23:00:00-05:00"],
        ["GET", "/api/sessions/%E0%A4%A"],
        ["POST", "/api/webhooks/microsoft", '{"value":[{"subscriptionId":"\\u0000","clientState":"x"}]}'],
      ),
      ([method, url, body]) =>
        admin.request({ method: method as "GET" | "POST", url, ...(body === undefined ? {} : { payload: body, headers: { "content-type": "application/json" } }) }),
      { numRuns: 6 },
    ));

  it("GET /api/rooms/:token, signed out", () =>
    expectOnlyClearAnswers(t.database.db, hostileSegment, (token) => t.app.inject({ method: "GET", url: `/api/rooms/${token}` })));
});
