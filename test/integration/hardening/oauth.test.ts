/**
 * Attacks on the calendar link's OAuth callback (S-LINK-2), against the Microsoft emulator:
 * a forged, replayed or another user's state, a code issued to another client, a swapped
 * redirect_uri, a PKCE mismatch, no pending link, no sign-in. Each is refused with the
 * closing page's code, stores no link, and is audited when the user is known.
 */
import { and, desc, eq, gt } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { driveSignIn } from "microsoft-emulator";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { createMicrosoftIdentity } from "../../../src/microsoft/identity.ts";
import { fetchMailbox } from "../../../src/microsoft/mailbox.ts";
import { createPkcePair } from "../../../src/microsoft/pkce.ts";
import { buildApp } from "../../../src/server/app.ts";
import type { Database } from "../../../src/store/db.ts";
import { openAccessToken } from "../../../src/store/links/sealedAccessToken.ts";
import { auditLog, calendarLinks, orgOptions } from "../../../src/store/schema.ts";
import { signIn, type Client } from "../../support/app.ts";
import { createTestDatabase } from "../../support/database.ts";
import { createTwoOrganizations, type OrgFixture } from "../../support/fixtures.ts";
import { createSyncHarness, REDIRECT_URI, TEST_APP_URL, type SyncHarness } from "../../support/syncHarness.ts";

const MAILBOX = "iam.demo@outlook.test";

describe("OAuth attacks on the calendar link", () => {
  let database: Database;
  let harness: SyncHarness;
  let app: FastifyInstance;
  let a: OrgFixture;
  let admin: Client;
  let other: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    [a] = await createTwoOrganizations(database.db);
    await database.db.update(orgOptions).set({ integrationEnabled: true });
    harness = await createSyncHarness(database);
    app = await buildApp({
      database,
      config: loadConfig({ NODE_ENV: "test", APP_URL: TEST_APP_URL }),
      logger: pino({ level: "silent" }),
      link: { identity: harness.identity, graphBaseUrl: `${harness.emulator.url}/v1.0`, redirectUri: REDIRECT_URI, keyring: harness.keyring },
    });
    await app.ready();
    admin = await signIn(app, a.admin.email);
    other = await signIn(app, a.licensed.email);
  });
  afterAll(async () => {
    await app?.close();
    await harness?.close();
    await database?.close();
  });
  /** The audit log is append-only: each test looks at the entries written since it began. */
  let since = 0;
  beforeEach(async () => {
    const [last] = await database.db.select({ id: auditLog.id }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    since = last?.id ?? 0;
  });
  const refusals = () => database.db.select().from(auditLog).where(and(eq(auditLog.kind, "link.refused"), gt(auditLog.id, since)));

  /** Starts linking as `client` and returns Microsoft's sign-in address the product made. */
  async function start(client: Client): Promise<URL> {
    const response = await client.request({ method: "POST", url: "/api/me/calendar-link/start" });
    expect(response.statusCode, response.body).toBe(200);
    return new URL(response.json<{ authorizeUrl: string }>().authorizeUrl);
  }

  async function callback(client: Client | null, parameters: Record<string, string>) {
    const url = `/auth/microsoft/callback?${new URLSearchParams(parameters).toString()}`;
    const response = client === null ? await app.inject({ method: "GET", url }) : await client.request({ method: "GET", url });
    expect(response.statusCode).toBe(303);
    return String(response.headers.location);
  }

  async function codeFor(authorizeUrl: URL): Promise<string> {
    const redirect = await driveSignIn(authorizeUrl.toString(), MAILBOX);
    const code = redirect.searchParams.get("code");
    if (code === null) throw new Error(`no code: ${redirect.toString()}`);
    return code;
  }

  async function expectNothingStored(auditedFor: string | null, reason?: string) {
    expect(await database.db.select().from(calendarLinks)).toEqual([]);
    const refused = await refusals();
    if (auditedFor === null) expect(refused).toEqual([]);
    else expect(refused.map((entry) => [entry.subjectUserId, ...(reason === undefined ? [] : [(entry.details as { reason: string }).reason])])).toEqual([[auditedFor, ...(reason === undefined ? [] : [reason])]]);
  }

  it("refuses a forged state", async () => {
    const code = await codeFor(await start(admin));
    expect(await callback(admin, { state: "forged-state", code })).toBe("/link-finished?result=LINK_STATE_INVALID");
    await expectNothingStored(a.admin.id, "state");
  });

  it("uses a state once: after one attempt it cannot be replayed, even with a good code", async () => {
    const url = await start(admin);
    const state = url.searchParams.get("state")!;
    expect(await callback(admin, { state, code: "not-a-code" })).toBe("/link-finished?result=LINK_STATE_INVALID");
    const code = await codeFor(url);
    expect(await callback(admin, { state, code })).toBe("/link-finished?result=LINK_STATE_INVALID");
    expect((await refusals()).map((entry) => (entry.details as { reason: string }).reason)).toEqual(["microsoft", "state"]);
    expect(await database.db.select().from(calendarLinks)).toEqual([]);
  });

  it("refuses another user's state, and that state is spent", async () => {
    const url = await start(other);
    const code = await codeFor(url);
    const state = url.searchParams.get("state")!;
    expect(await callback(admin, { state, code })).toBe("/link-finished?result=LINK_STATE_INVALID");
    expect(await callback(other, { state, code })).toBe("/link-finished?result=LINK_STATE_INVALID");
    // Both refusals are audited, each for the user who opened the callback.
    expect((await refusals()).map((entry) => entry.subjectUserId).sort()).toEqual([a.admin.id, a.licensed.id].sort());
    expect(await database.db.select().from(calendarLinks)).toEqual([]);
  });

  it("refuses a code that Microsoft issued to another client", async () => {
    const state = (await start(admin)).searchParams.get("state")!;
    const intruder = createMicrosoftIdentity({ clientId: "intruder-app", clientSecret: "intruder-secret", ...harness.emulator.msalAuthority() });
    const code = await codeFor(new URL(await intruder.authorizeUrl({ state, codeChallenge: createPkcePair().challenge, redirectUri: REDIRECT_URI })));
    expect(await callback(admin, { state, code })).toBe("/link-finished?result=LINK_STATE_INVALID");
    await expectNothingStored(a.admin.id, "microsoft");
  });

  it("refuses a code obtained with a swapped redirect_uri", async () => {
    const url = await start(admin);
    url.searchParams.set("redirect_uri", "http://evil.example/steal");
    const code = await codeFor(url);
    expect(await callback(admin, { state: url.searchParams.get("state")!, code })).toBe("/link-finished?result=LINK_STATE_INVALID");
    await expectNothingStored(a.admin.id, "microsoft");
  });

  it("refuses a code obtained with another PKCE challenge", async () => {
    const url = await start(admin);
    url.searchParams.set("code_challenge", createPkcePair().challenge);
    const code = await codeFor(url);
    expect(await callback(admin, { state: url.searchParams.get("state")!, code })).toBe("/link-finished?result=LINK_STATE_INVALID");
    await expectNothingStored(a.admin.id, "microsoft");
  });

  it("refuses a callback without a pending link, or without a state", async () => {
    expect(await callback(admin, { state: "never-issued", code: "x" })).toBe("/link-finished?result=LINK_STATE_INVALID");
    expect(await callback(admin, { code: "x" })).toBe("/link-finished?result=LINK_STATE_INVALID");
    expect((await refusals()).map((entry) => entry.subjectUserId)).toEqual([a.admin.id, a.admin.id]);
    expect(await database.db.select().from(calendarLinks)).toEqual([]);
  });

  it("refuses a callback opened signed out, with a genuine state and code", async () => {
    const url = await start(admin);
    const code = await codeFor(url);
    expect(await callback(null, { state: url.searchParams.get("state")!, code })).toBe("/link-finished?result=LINK_STATE_INVALID");
    await expectNothingStored(null);
  });

  it("links when nothing was tampered with (so each refusal above was the attack's doing)", async () => {
    const url = await start(admin);
    const code = await codeFor(url);
    expect(await callback(admin, { state: url.searchParams.get("state")!, code })).toBe("/link-finished?result=OK");
    expect(await database.db.select({ userId: calendarLinks.userId }).from(calendarLinks)).toEqual([{ userId: a.admin.id }]);
    // The access token the sign-in gave is kept, sealed, for the worker's first requests.
    const [link] = await database.db.select({ sealed: calendarLinks.accessTokenSealed }).from(calendarLinks);
    expect(link?.sealed).toMatch(/^v1\./);
    const stored = openAccessToken(harness.keyring, link!.sealed!);
    expect(stored!.expiresAtMs).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect((await fetchMailbox(`${harness.emulator.url}/v1.0`, stored!.accessToken)).address).toBe(MAILBOX);
  });
});
