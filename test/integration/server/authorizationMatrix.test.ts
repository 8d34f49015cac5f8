/**
 * Every options, users, audit and branding route × every kind of caller → the expected
 * status, with the database unchanged after every refusal, and organization A's data
 * unchanged by anything organization B's administrator does.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../../src/store/db.ts";
import { signIn, startTestApp, type Client, type TestApp } from "../../support/app.ts";
import { createTwoOrganizations, type OrgFixture } from "../../support/fixtures.ts";

type Actor = "signedOut" | "userA" | "schedulerA" | "adminB" | "adminA";
type Method = "GET" | "PATCH" | "POST";

interface RouteCase {
  method: Method;
  /** `:admin`, `:licensed`, `:unlicensed` stand for organization A's users, whoever asks. */
  path: string;
  payload?: (actor: Actor) => unknown;
  expected: Record<Actor, number>;
}

const ADMIN_ONLY = { signedOut: 401, userA: 403, schedulerA: 403, adminB: 200, adminA: 200 };
const ADMIN_ONLY_ON_A_USER = { ...ADMIN_ONLY, adminB: 404 };

const ROUTES: RouteCase[] = [
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

/** Every table these routes read or write, whole, in a stable order. */
const TABLES = ["organizations", "org_options", "users", "user_roles", "user_options", "calendar_links", "mirror_items", "auth_sessions", "audit_log"];

describe("authorization matrix", () => {
  let t: TestApp;
  let a: OrgFixture;
  let b: OrgFixture;
  const clients = new Map<Exclude<Actor, "signedOut">, Client>();

  beforeAll(async () => {
    t = await startTestApp();
    [a, b] = await createTwoOrganizations(t.database.db);
    clients.set("userA", await signIn(t.app, a.licensed.email));
    clients.set("schedulerA", await signIn(t.app, a.scheduler.email));
    clients.set("adminA", await signIn(t.app, a.admin.email));
    clients.set("adminB", await signIn(t.app, b.admin.email));
  });
  afterAll(async () => t.close());

  async function snapshot(onlyOrgA: boolean): Promise<string> {
    const parts: unknown[] = [];
    for (const table of TABLES) {
      const rows = await queryRows(t.database.db, sql`select to_jsonb(x) as row from ${sql.identifier(table)} x`);
      const json = rows.map((r) => JSON.stringify(r.row)).sort();
      // Organization A's rows mention its id or one of its users' ids.
      const ids = [a.orgId, a.admin.id, a.licensed.id, a.scheduler.id, a.unlicensed.id];
      parts.push(table, onlyOrgA ? json.filter((row) => ids.some((id) => row.includes(id))) : json);
    }
    return JSON.stringify(parts);
  }

  const urlOf = (route: RouteCase) => route.path.replace(/:(admin|licensed|unlicensed)\b/g, (_, kind: "admin" | "licensed" | "unlicensed") => a[kind].id);

  function send(actor: Actor, route: RouteCase) {
    const request = { method: route.method, url: urlOf(route), ...(route.payload ? { payload: route.payload(actor) } : {}) };
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
        if (actor === "adminA") return;
        expect(await snapshot(!refused)).toBe(before);
        if (!refused && route.path.includes("userId=")) expect(response.json().entries).toEqual([]);
      });
    }
  }
});
