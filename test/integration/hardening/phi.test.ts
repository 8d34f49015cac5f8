/**
 * Patients' data: at the `minimal` privacy level nothing of a participant (nor the title)
 * reaches Microsoft in any field; at `full` names do, HTML-escaped in the event body; and
 * across a whole flow (sign-in, sessions with participants, link, sync, calendar, unlink)
 * no log line at any level holds a password, a participant's e-mail or phone, or the
 * sign-in and CSRF tokens. Tokens of Microsoft are test/integration/sync/secrets.test.ts's.
 */
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { driveSignIn } from "microsoft-emulator";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { buildApp } from "../../../src/server/app.ts";
import type { Database } from "../../../src/store/db.ts";
import { orgOptions } from "../../../src/store/schema.ts";
import { signIn, type Client } from "../../support/app.ts";
import { createTestDatabase } from "../../support/database.ts";
import { createTwoOrganizations, FIXTURE_PASSWORD, type OrgFixture } from "../../support/fixtures.ts";
import { XSS_TITLES } from "../../support/hostile.ts";
import { createSyncHarness, REDIRECT_URI, TEST_APP_URL, type SyncHarness } from "../../support/syncHarness.ts";

const MAILBOX = "iam.demo@outlook.test";
const PARTICIPANTS = [
  { name: XSS_TITLES[0]!, email: "robin.vale@patients.example", phone: "+44 20 7946 0321" },
  { name: "Ayşe Yılmaz", email: "ayse.yilmaz@patients.example", phone: "+90 212 555 0187" },
];
const CONTACTS = PARTICIPANTS.flatMap((p) => [p.email, p.phone]);

describe("patients' data stays in the product", () => {
  const lines: string[] = [];
  let database: Database;
  let harness: SyncHarness;
  let app: FastifyInstance;
  let a: OrgFixture;
  let admin: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    [a] = await createTwoOrganizations(database.db);
    await database.db.update(orgOptions).set({ integrationEnabled: true });
    const logger = pino({ level: "trace" }, new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) }));
    harness = await createSyncHarness(database, { logger });
    app = await buildApp({
      database,
      config: loadConfig({ NODE_ENV: "test", APP_URL: TEST_APP_URL }),
      logger,
      link: { identity: harness.identity, graphBaseUrl: `${harness.emulator.url}/v1.0`, redirectUri: REDIRECT_URI, keyring: harness.keyring },
    });
    await app.ready();
    admin = await signIn(app, a.admin.email);
    for (const title of XSS_TITLES) {
      const created = await admin.request({
        method: "POST",
        url: "/api/sessions",
        payload: { title, hostId: a.admin.id, startsAt: new Date(Date.now() + 86_400_000).toISOString(), durationMin: 30, timeZone: "Europe/London", notes: "Allergic to penicillin", participants: PARTICIPANTS },
      });
      expect(created.statusCode, created.body).toBe(201);
    }
    const started = await admin.request({ method: "POST", url: "/api/me/calendar-link/start" });
    const redirect = await driveSignIn(started.json<{ authorizeUrl: string }>().authorizeUrl, MAILBOX);
    expect((await admin.request({ method: "GET", url: `${redirect.pathname}${redirect.search}` })).headers.location).toBe("/link-finished?result=OK");
    await harness.newWorker().runUntilIdle();
  });
  afterAll(async () => {
    await app?.close();
    await harness?.close();
    await database?.close();
  });

  it("at the minimal level, puts no title, name, e-mail, phone or note into any field of the Outlook events", async () => {
    const events = await harness.mailboxEvents(MAILBOX);
    expect(events).toHaveLength(2);
    const everything = JSON.stringify(events);
    for (const revealing of [...CONTACTS, "Robin", "onerror", "script", "Ayşe", "Yılmaz", "penicillin", "R.", "A.Y."]) expect(everything).not.toContain(revealing);
    expect(events.map((event) => event.subject)).toEqual(["Video session", "Video session"]);
    expect(events.every((event) => (event.attendees ?? []).length === 0)).toBe(true);
  });

  it("at the full level, shows names and titles as text: escaped in the body, never markup", async () => {
    expect((await admin.request({ method: "PATCH", url: "/api/account/options/privacy", payload: { privacyLevel: "full" } })).statusCode).toBe(200);
    await harness.newWorker().runUntilIdle();
    const events = await harness.mailboxEvents(MAILBOX);
    expect(events.map((event) => event.subject).sort()).toEqual(XSS_TITLES.map((title) => `${title} – ${PARTICIPANTS.map((p) => p.name).join(", ")}`).sort());
    for (const event of events) {
      expect(event.body.content).toContain("&lt;img src=x onerror=alert(1)&gt;");
      expect(event.body.content).not.toMatch(/<img|<script|onerror=alert\(1\)>/);
    }
    expect(JSON.stringify(events)).not.toMatch(new RegExp(CONTACTS.map((c) => c.replace(/[+.]/g, "\\$&")).join("|")));
  });

  it("writes no password, participant contact or sign-in secret to any log line, whole flow and unlink included", async () => {
    const range = `from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 7 * 86_400_000).toISOString()}`;
    expect((await admin.request({ method: "GET", url: `/api/calendar?${range}` })).statusCode).toBe(200);
    expect((await admin.request({ method: "DELETE", url: "/api/me/calendar-link" })).statusCode).toBe(202);
    await harness.newWorker().runUntilIdle();
    expect(await harness.mailboxEvents(MAILBOX)).toEqual([]);
    const log = lines.join("");
    expect(log.split("\n").filter((line) => line.includes("request completed")).length).toBeGreaterThan(5);
    for (const secret of [FIXTURE_PASSWORD, ...CONTACTS, "penicillin", admin.csrfToken, admin.cookie.split("=")[1]!]) expect(log).not.toContain(secret);
  });
});
