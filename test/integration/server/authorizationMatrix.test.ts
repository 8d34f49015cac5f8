/**
 * Every route of the product (sessions, series, calendar, calendar link, rooms, webhooks,
 * options, users, branding, privacy, audit) × every kind of caller → the expected status,
 * with the database unchanged after every refusal, and organization A's data unchanged by
 * anything a caller from outside it does. Sessions and series are organization A's, hosted
 * by its administrator, one of each per caller, so one caller's change never decides
 * another's answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, startTestApp, type Client, type TestApp } from "../../support/app.ts";
import { createTwoOrganizations, type OrgFixture } from "../../support/fixtures.ts";
import { tableRows } from "../../support/snapshot.ts";

type Actor = "signedOut" | "userA" | "schedulerA" | "adminB" | "adminA";
type Method = "GET" | "PATCH" | "POST" | "DELETE";

interface RouteCase {
  method: Method;
  /**
   * `:admin`, `:licensed`, `:unlicensed` stand for organization A's users, whoever asks;
   * `:session`, `:series`, `:room` for the caller's own session, series and join token of A.
   */
  path: string;
  payload?: (actor: Actor) => unknown;
  expected: Record<Actor, number>;
}

const ADMIN_ONLY = { signedOut: 401, userA: 403, schedulerA: 403, adminB: 200, adminA: 200 };
const ADMIN_ONLY_ON_A_USER = { ...ADMIN_ONLY, adminB: 404 };
const SIGNED_IN = { signedOut: 401, userA: 200, schedulerA: 200, adminB: 200, adminA: 200 };
/** Organization A's session or series hosted by its administrator: userA is a member who does not manage it. */
const MANAGERS_OF_A = { signedOut: 401, userA: 403, schedulerA: 200, adminB: 404, adminA: 200 };
/** What a member may not manage, they do not see either (404, not 403). */
const SEEN_BY_MANAGERS_OF_A = { ...MANAGERS_OF_A, userA: 404 };
const PUBLIC = { signedOut: 200, userA: 200, schedulerA: 200, adminB: 200, adminA: 200 };
const RANGE = "from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z";

function sessionRequest(hostId: string) {
  return { title: "Check-in", hostId, startsAt: new Date(Date.now() + 86_400_000).toISOString(), durationMin: 30, timeZone: "Europe/London" };
}

function seriesRequest(hostId: string) {
  const firstDate = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  return {
    ...sessionRequest(hostId),
    startsAt: undefined,
    rule: { frequency: "daily", interval: 1, end: { kind: "count", count: 3 } },
    firstStart: { date: firstDate, time: "09:00" },
  };
}

const ROUTES: RouteCase[] = [
  // The calendar link first: no organization has turned the integration on yet.
  { method: "GET", path: "/api/me/calendar-link", expected: SIGNED_IN },
  { method: "POST", path: "/api/me/calendar-link/start", expected: { signedOut: 401, userA: 403, schedulerA: 403, adminB: 403, adminA: 403 } },
  { method: "DELETE", path: "/api/me/calendar-link", expected: { signedOut: 401, userA: 404, schedulerA: 404, adminB: 404, adminA: 404 } },
  { method: "POST", path: "/api/me/calendar-link/reconcile", expected: { signedOut: 401, userA: 404, schedulerA: 404, adminB: 404, adminA: 404 } },
  { method: "GET", path: `/api/calendar?${RANGE}`, expected: SIGNED_IN },
  { method: "POST", path: "/api/calendar/refresh", expected: { signedOut: 401, userA: 404, schedulerA: 404, adminB: 404, adminA: 404 } },
  { method: "GET", path: "/api/me", expected: SIGNED_IN },
  { method: "GET", path: "/api/hosts", expected: SIGNED_IN },
  { method: "GET", path: "/api/sessions", expected: SIGNED_IN },
  { method: "GET", path: "/api/sessions/:session", expected: SEEN_BY_MANAGERS_OF_A },
  // Another organization's administrator may schedule, but not for a host outside it.
  { method: "POST", path: "/api/sessions", payload: () => sessionRequest(":admin"), expected: { ...MANAGERS_OF_A, schedulerA: 201, adminB: 400, adminA: 201 } },
  { method: "PATCH", path: "/api/sessions/:session", payload: () => ({ durationMin: 45 }), expected: MANAGERS_OF_A },
  // The fixture session has not started: who may manage it is told so (409), nobody else learns of it.
  { method: "POST", path: "/api/sessions/:session/complete", expected: { ...MANAGERS_OF_A, schedulerA: 409, adminA: 409 } },
  { method: "POST", path: "/api/sessions/:session/cancel", expected: MANAGERS_OF_A },
  { method: "DELETE", path: "/api/sessions/:deletable", expected: { ...MANAGERS_OF_A, schedulerA: 204, adminA: 204 } },
  { method: "GET", path: "/api/series", expected: SIGNED_IN },
  { method: "GET", path: `/api/series/occurrences?${RANGE}`, expected: SIGNED_IN },
  { method: "GET", path: "/api/series/:series", expected: SEEN_BY_MANAGERS_OF_A },
  { method: "POST", path: "/api/series", payload: () => seriesRequest(":admin"), expected: { ...MANAGERS_OF_A, schedulerA: 201, adminB: 400, adminA: 201 } },
  { method: "PATCH", path: "/api/series/:series", payload: () => ({ scope: "series", title: "Group" }), expected: MANAGERS_OF_A },
  { method: "POST", path: "/api/series/:series/cancel", payload: () => ({ scope: "series" }), expected: MANAGERS_OF_A },
  // The join token is the only key to the room page: anyone holding it, nobody without it.
  { method: "GET", path: "/api/rooms/:room", expected: PUBLIC },
  { method: "GET", path: "/api/rooms/not-a-join-token", expected: { signedOut: 404, userA: 404, schedulerA: 404, adminB: 404, adminA: 404 } },
  // Microsoft's notifications are public; one naming no subscription of ours is ignored.
  {
    method: "POST",
    path: "/api/webhooks/microsoft",
    payload: () => ({ value: [{ subscriptionId: "not-ours", clientState: "guess" }] }),
    expected: { signedOut: 202, userA: 202, schedulerA: 202, adminB: 202, adminA: 202 },
  },
  { method: "GET", path: "/api/account/options/scheduling", expected: ADMIN_ONLY },
  { method: "PATCH", path: "/api/account/options/scheduling", payload: () => ({ integrationEnabled: true }), expected: ADMIN_ONLY },
  { method: "GET", path: "/api/me/options/scheduling", expected: { signedOut: 401, userA: 200, schedulerA: 200, adminB: 200, adminA: 200 } },
  // Overriding is off, so only administrators may set their own value.
  { method: "PATCH", path: "/api/me/options/scheduling", payload: () => ({ integrationSelf: true }), expected: ADMIN_ONLY },
  { method: "GET", path: "/api/account/options/branding", expected: ADMIN_ONLY },
  { method: "PATCH", path: "/api/account/options/branding", payload: () => ({ primaryColor: "#123456" }), expected: ADMIN_ONLY },
  { method: "GET", path: "/api/account/options/privacy", expected: ADMIN_ONLY },
  { method: "PATCH", path: "/api/account/options/privacy", payload: () => ({ privacyLevel: "full" }), expected: ADMIN_ONLY },
  { method: "GET", path: "/api/account/users", expected: ADMIN_ONLY },
  {
    method: "POST",
    path: "/api/account/users",
    payload: (actor) => ({ name: "New Person", email: `new.${actor}@fixture.test`, password: "a long password" }),
    expected: { ...ADMIN_ONLY, adminB: 201, adminA: 201 },
  },
  { method: "PATCH", path: "/api/account/users/:licensed", payload: () => ({ licensed: false, roles: ["scheduler"] }), expected: ADMIN_ONLY_ON_A_USER },
  { method: "PATCH", path: "/api/account/users/:unlicensed", payload: () => ({ active: false }), expected: ADMIN_ONLY_ON_A_USER },
  { method: "GET", path: "/api/account/users/:licensed/options/scheduling", expected: ADMIN_ONLY_ON_A_USER },
  {
    method: "PATCH",
    path: "/api/account/users/:licensed/options/scheduling",
    payload: () => ({ integrationAdmin: true }),
    expected: ADMIN_ONLY_ON_A_USER,
  },
  { method: "GET", path: "/api/account/audit", expected: ADMIN_ONLY },
  // Another organization's user id finds nothing: an empty page, never their entries.
  { method: "GET", path: "/api/account/audit?userId=:admin", expected: ADMIN_ONLY },
];

describe("authorization matrix", () => {
  let t: TestApp;
  let a: OrgFixture;
  let b: OrgFixture;
  const clients = new Map<Exclude<Actor, "signedOut">, Client>();
  /** Per caller: their own session, session to delete, series and join token, all of A. */
  const targets = new Map<Actor, Record<"session" | "deletable" | "series" | "room", string>>();

  beforeAll(async () => {
    t = await startTestApp();
    [a, b] = await createTwoOrganizations(t.database.db);
    clients.set("userA", await signIn(t.app, a.licensed.email));
    clients.set("schedulerA", await signIn(t.app, a.scheduler.email));
    clients.set("adminA", await signIn(t.app, a.admin.email));
    clients.set("adminB", await signIn(t.app, b.admin.email));
    const adminA = clients.get("adminA")!;
    const create = async (url: string, payload: unknown) => {
      const response = await adminA.request({ method: "POST", url, payload });
      if (response.statusCode !== 201) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
      return response.json<{ id: string; participantJoinUrl?: string }>();
    };
    for (const actor of ["signedOut", "userA", "schedulerA", "adminB", "adminA"] as const) {
      targets.set(actor, {
        session: (await create("/api/sessions", sessionRequest(a.admin.id))).id,
        deletable: (await create("/api/sessions", sessionRequest(a.admin.id))).id,
        series: (await create("/api/series", seriesRequest(a.admin.id))).id,
        // A session of its own: the caller's cancel of `session` would close its room.
        room: (await create("/api/sessions", sessionRequest(a.admin.id))).participantJoinUrl?.split("/room/")[1] ?? "",
      });
    }
  });
  afterAll(async () => t.close());

  /** Every table; with `onlyOrgA`, only the rows that mention organization A or its users. */
  async function snapshot(onlyOrgA: boolean): Promise<string> {
    const ids = [a.orgId, a.admin.id, a.licensed.id, a.scheduler.id, a.unlicensed.id];
    const tables = Object.entries(await tableRows(t.database.db));
    return JSON.stringify(tables.map(([table, rows]) => [table, onlyOrgA ? rows.filter((row) => ids.some((id) => row.includes(id))) : rows]));
  }

  const placeholders = (actor: Actor, text: string) =>
    text
      .replace(/:(admin|licensed|unlicensed)\b/g, (_, kind: "admin" | "licensed" | "unlicensed") => a[kind].id)
      .replace(/:(session|deletable|series|room)\b/g, (_, kind: "session" | "deletable" | "series" | "room") => targets.get(actor)![kind]);

  function send(actor: Actor, route: RouteCase) {
    const payload = route.payload ? JSON.parse(placeholders(actor, JSON.stringify(route.payload(actor)))) : undefined;
    const request = { method: route.method, url: placeholders(actor, route.path), ...(payload === undefined ? {} : { payload }) };
    if (actor === "signedOut") {
      const { payload, ...rest } = request;
      return t.app.inject({ ...rest, ...(payload === undefined ? {} : { payload: payload as object }) });
    }
    const client = clients.get(actor);
    if (client === undefined) throw new Error(`no client for ${actor}`);
    return client.request(request);
  }

  // Administrator A goes last: their changes are the only ones allowed to touch A's data.
  for (const actor of ["signedOut", "userA", "schedulerA", "adminB", "adminA"] as const) {
    for (const route of ROUTES) {
      const expected = route.expected[actor];
      it(`${route.method} ${route.path} as ${actor} → ${expected}`, async () => {
        const refused = expected >= 400;
        const before = await snapshot(!refused);
        const response = await send(actor, route);
        expect(response.statusCode, response.body).toBe(expected);
        if (refused) expect(response.json().message).toMatch(/^[A-Z].*\.$/);
        // A member's own allowed change may touch A's data; nothing else may.
        if (!refused && actor !== "signedOut" && actor !== "adminB" && route.method !== "GET") return;
        expect(await snapshot(!refused)).toBe(before);
        if (actor === "adminB" && route.path.includes("userId=")) expect(response.json().entries).toEqual([]);
      });
    }
  }
});
