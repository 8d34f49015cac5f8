/**
 * Hostile input at sign-in, the options, Account Users, branding, privacy and audit routes,
 * the calendar link and its OAuth callback, and Microsoft's webhook. Every answer is a
 * success, a redirect or a clear 4xx; a refused request writes nothing.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { signIn, startTestApp, type Client, type TestApp } from "../../support/app.ts";
import { createTwoOrganizations, type OrgFixture } from "../../support/fixtures.ts";
import { expectOnlyClearAnswers, hostileBody, hostileJson, hostileNumber, hostileSegment, hostileString, queryString } from "../../support/hostile.ts";

describe("hostile input: sign-in, account, calendar link, webhook", () => {
  let t: TestApp;
  let a: OrgFixture;
  let admin: Client;
  let clientAddress = 0;

  const yesNo = fc.oneof(fc.boolean(), fc.constant(null), hostileJson);
  const userId = () => fc.oneof(fc.constantFrom(a.licensed.id, a.scheduler.id, a.unlicensed.id), hostileSegment);
  const roles = fc.oneof(fc.array(fc.oneof(fc.constantFrom("account_admin", "scheduler", "owner"), hostileString), { maxLength: 4 }), hostileJson);

  beforeAll(async () => {
    t = await startTestApp();
    [a] = await createTwoOrganizations(t.database.db);
    admin = await signIn(t.app, a.admin.email);
  });
  afterAll(async () => t.close());

  const json = (method: "POST" | "PATCH" | "GET", url: string, body?: unknown) =>
    admin.request({ method, url, ...(body === undefined ? {} : { payload: JSON.stringify(body), headers: { "content-type": "application/json" } }) });

  it("POST /api/auth/login, from many client addresses, with addresses that have no account", () =>
    expectOnlyClearAnswers(t.database.db, hostileBody({ email: "nobody@fixture.test", password: "guess" }, { email: hostileString, password: hostileString }), (body) => {
      clientAddress += 1;
      return t.app.inject({ method: "POST", url: "/api/auth/login", payload: JSON.stringify(body), headers: { "content-type": "application/json" }, remoteAddress: `10.1.${clientAddress >> 8}.${clientAddress & 255}` });
    }));

  it("PATCH Account Options and My Options → Scheduling", () =>
    expectOnlyClearAnswers(
      t.database.db,
      fc.tuple(fc.constantFrom("/api/account/options/scheduling", "/api/me/options/scheduling"), hostileBody({ integrationEnabled: true }, { integrationEnabled: yesNo, usersCanOverride: yesNo, integrationSelf: yesNo, confirmUnlink: yesNo })),
      ([path, body]) => json("PATCH", path, body),
    ));

  it("POST /api/account/users", () =>
    expectOnlyClearAnswers(
      t.database.db,
      hostileBody({ name: "New Person", email: "new.person@fixture.test", password: "a long password" }, { name: hostileString, email: fc.oneof(hostileString, fc.emailAddress()), password: hostileString, roles, licensed: yesNo }),
      (body) => json("POST", "/api/account/users", body),
    ));

  it("PATCH /api/account/users/:id and its Options → Scheduling", () =>
    expectOnlyClearAnswers(
      t.database.db,
      fc.tuple(fc.boolean(), userId(), hostileBody({ licensed: true }, { roles, licensed: yesNo, active: yesNo, confirmUnlink: yesNo, integrationAdmin: yesNo })),
      ([options, id, body]) => json("PATCH", `/api/account/users/${id}${options ? "/options/scheduling" : ""}`, body),
    ));

  it("PATCH branding and privacy", () =>
    expectOnlyClearAnswers(
      t.database.db,
      fc.tuple(
        fc.constantFrom("/api/account/options/branding", "/api/account/options/privacy"),
        hostileBody({ primaryColor: "#123456" }, { logoText: hostileString, primaryColor: fc.oneof(hostileString, fc.constantFrom("#ABCDEF", "#abc", "red", "#12345g")), secondaryColor: hostileString, privacyLevel: fc.oneof(fc.constantFrom("minimal", "initials", "full", "FULL"), hostileString) }),
      ),
      ([path, body]) => json("PATCH", path, body),
    ));

  it("GET /api/account/audit with hostile filters and paging", () =>
    expectOnlyClearAnswers(
      t.database.db,
      fc.record({ userId: fc.oneof(fc.uuid(), hostileString), kind: fc.oneof(fc.constantFrom("user.added", "link.created"), hostileString), before: hostileNumber, limit: hostileNumber, extra: hostileString }, { requiredKeys: [] }),
      (query) => json("GET", `/api/account/audit?${queryString(query)}`),
    ));

  it("the calendar link routes, whatever the body; starting may find Microsoft unreachable (this app's Microsoft is)", () =>
    expectOnlyClearAnswers(
      t.database.db,
      fc.tuple(fc.constantFrom("POST /api/me/calendar-link/start", "POST /api/me/calendar-link/reconcile", "GET /api/me/calendar-link", "DELETE /api/me/calendar-link"), hostileJson),
      ([route, body]) => {
        const [method, url] = route.split(" ") as ["POST" | "GET" | "DELETE", string];
        return admin.request({ method, url, ...(method === "GET" ? {} : { payload: JSON.stringify(body), headers: { "content-type": "application/json" } }) });
      },
      { alsoAllowed: ["LINK_MICROSOFT_UNAVAILABLE"] },
    ));

  it("starting a link while Microsoft cannot be reached answers 503 and stores no pending link", async () => {
    await json("PATCH", "/api/account/options/scheduling", { integrationEnabled: true });
    await expectOnlyClearAnswers(t.database.db, fc.constant(null), () => json("POST", "/api/me/calendar-link/start"), { numRuns: 1, alsoAllowed: ["LINK_MICROSOFT_UNAVAILABLE"] });
  });

  it("GET /auth/microsoft/callback with hostile parameters, signed in or not", () =>
    expectOnlyClearAnswers(
      t.database.db,
      fc.tuple(fc.boolean(), fc.record({ state: fc.oneof(hostileString, fc.array(hostileString, { maxLength: 2 })), code: hostileString, error: hostileString, error_description: hostileString, redirect_uri: hostileString }, { requiredKeys: [] })),
      async ([signedIn, query]) => {
        const url = `/auth/microsoft/callback?${queryString(query)}`;
        const response = signedIn ? await admin.request({ method: "GET", url }) : await t.app.inject({ method: "GET", url });
        // The callback's own answer is always a redirect to the closing page, never to elsewhere.
        if (response.statusCode === 303 && !String(response.headers.location).startsWith("/link-finished?result=")) throw new Error(`redirected to ${response.headers.location}`);
        return response;
      },
    ));

  it("POST /api/webhooks/microsoft with hostile bodies and queries, as Microsoft would send them (no cookie)", () =>
    expectOnlyClearAnswers(
      t.database.db,
      fc.tuple(
        fc.oneof(
          hostileJson,
          fc.record({ value: fc.oneof(fc.array(fc.record({ subscriptionId: hostileString, clientState: hostileString, lifecycleEvent: fc.oneof(fc.constantFrom("missed", "subscriptionRemoved", "reauthorizationRequired"), hostileString) }, { requiredKeys: [] }), { maxLength: 5 }), hostileJson) }),
        ),
        fc.constantFrom("application/json", "text/plain", "application/xml"),
        fc.dictionary(fc.constantFrom("validationToken", "x"), fc.oneof(hostileString, fc.array(hostileString, { maxLength: 2 })), { maxKeys: 2 }),
      ),
      ([body, type, query]) =>
        t.app.inject({ method: "POST", url: `/api/webhooks/microsoft?${queryString(query)}`, payload: JSON.stringify(body), headers: { "content-type": type } }),
    ));
});
