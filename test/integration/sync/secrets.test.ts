/**
 * S-LINK-3: refresh and access tokens never appear in a log line (any level), an API
 * response or an audit entry; the embedded database's files hold no plaintext token; and
 * keys rotate without breaking a link.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { loadConfig } from "../../../src/config.ts";
import { buildApp } from "../../../src/server/app.ts";
import { migrateDatabase, openDatabase, type Database } from "../../../src/store/db.ts";
import { resealStoredSecrets } from "../../../src/store/links/resealTokens.ts";
import { openAccessToken } from "../../../src/store/links/sealedAccessToken.ts";
import { auditLog, calendarLinks, orgOptions, sessions } from "../../../src/store/schema.ts";
import { decryptSecret, encryptSecret, needsRotation, parseKeyring } from "../../../src/store/secretBox.ts";
import { driveSignIn } from "microsoft-emulator";
import { sessionCookieOf } from "../../support/app.ts";
import { createTwoOrganizations, FIXTURE_PASSWORD, type OrgFixture } from "../../support/fixtures.ts";
import { createSyncHarness, REDIRECT_URI, type SyncHarness } from "../../support/syncHarness.ts";

describe("secrets stay secret", () => {
  const lines: string[] = [];
  const responses: string[] = [];
  const key1 = `k1:${randomBytes(32).toString("base64")}`;
  const keyring = parseKeyring(key1);
  /** The keyring that opens the stored token now: k1 at first, k2 after the rotation. */
  let current = keyring;
  let dataDir: string;
  let database: Database;
  let harness: SyncHarness;
  let app: FastifyInstance;
  let org: OrgFixture;
  let cookie: string;
  let csrf: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "careroom-secrets-"));
    // The embedded database on disk, whatever the suite runs on: its files are what is inspected.
    database = await openDatabase({ dataDir });
    await migrateDatabase(database);
    [org] = await createTwoOrganizations(database.db);
    await database.db.update(orgOptions).set({ integrationEnabled: true });
    const logger = pino(
      { level: "trace" },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    harness = await createSyncHarness(database, { logger, keyring });
    app = await buildApp({
      database,
      config: loadConfig({ NODE_ENV: "test", APP_URL: "http://localhost:3000" }),
      logger,
      link: { identity: harness.identity, graphBaseUrl: `${harness.emulator.url}/v1.0`, redirectUri: REDIRECT_URI, keyring },
    });
    await app.ready();
    const login = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email: org.admin.email, password: FIXTURE_PASSWORD } });
    cookie = sessionCookieOf(login);
    csrf = login.json<{ csrfToken: string }>().csrfToken;
  });
  afterAll(async () => {
    await app?.close();
    await harness?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (method: "GET" | "POST" | "PATCH", url: string, payload?: unknown) => {
    const response = await app.inject({ method, url, headers: { cookie, "x-csrf-token": csrf }, ...(payload ? { payload } : {}) });
    responses.push(`${JSON.stringify(response.headers)}\n${response.body}`);
    return response;
  };

  it("links through the product's own routes and syncs, under a trace-level logger", async () => {
    const created = await call("POST", "/api/sessions", {
      title: "Check-in",
      hostId: org.admin.id,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      durationMin: 30,
      timeZone: "Europe/London",
    });
    expect(created.statusCode).toBe(201);
    const started = await call("POST", "/api/me/calendar-link/start");
    const redirect = await driveSignIn(started.json<{ authorizeUrl: string }>().authorizeUrl, "iam.demo@outlook.test");
    const callback = await call("GET", `${redirect.pathname}${redirect.search}`);
    expect(callback.headers.location).toBe("/link-finished?result=OK");
    await harness.newWorker().runUntilIdle();
    const status = await call("GET", "/api/me/calendar-link");
    expect(status.json()).toMatchObject({ link: { state: "active", copied: 1, total: 1 } });
  });

  it("rotates the key: tokens are re-sealed under the new key and still work", async () => {
    const rotated = parseKeyring(`k2:${randomBytes(32).toString("base64")},${key1}`);
    const counts = await resealStoredSecrets(database.db, (sealed) =>
      needsRotation(rotated, sealed) ? encryptSecret(rotated, decryptSecret(rotated, sealed)) : undefined,
    );
    expect(counts.links).toBe(1);
    const [link] = await database.db.select().from(calendarLinks);
    expect(link?.refreshTokenSealed?.startsWith("v1.k2.")).toBe(true);
    expect(link?.accessTokenSealed?.startsWith("v1.k2.")).toBe(true);
    // A worker holding only the new key refreshes and pushes a change.
    await call("PATCH", `/api/sessions/${(await database.db.select().from(sessions))[0]!.id}`, { durationMin: 50 });
    const onlyNewKey = parseKeyring(`k2:${rotated.keys.get("k2")!.export().toString("base64")}`);
    await harness.newWorker({ keyring: onlyNewKey }).runUntilIdle();
    const [after] = await database.db.select().from(calendarLinks).where(eq(calendarLinks.id, link!.id));
    expect(after?.state).toBe("active");
    expect(decryptSecret(onlyNewKey, after!.refreshTokenSealed!)).toBeTruthy();
    current = onlyNewKey;
  });

  it("never writes a token into logs, API responses or the audit log", async () => {
    const [link] = await database.db.select().from(calendarLinks);
    const refreshToken = decryptSecret(current, link!.refreshTokenSealed!);
    expect(refreshToken.length).toBeGreaterThan(20);
    const audit = JSON.stringify(await database.db.select().from(auditLog));
    const everything = [...lines, ...responses, audit].join("\n");
    expect(lines.length).toBeGreaterThan(3);
    expect(everything).not.toContain(refreshToken);
    expect(everything).not.toContain(refreshToken.slice(0, 24));
    // Access and ID tokens are JWTs: their header always starts "eyJ".
    expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    expect(everything).not.toContain("code_verifier");
  });

  it("keeps no plaintext refresh or access token in the embedded database's files", async () => {
    const [link] = await database.db.select().from(calendarLinks);
    const refreshToken = decryptSecret(current, link!.refreshTokenSealed!);
    const accessToken = openAccessToken(current, link!.accessTokenSealed!)?.accessToken;
    // A JWT's signature, the part no two tokens share.
    const signature = accessToken?.split(".")[2] ?? "";
    expect(signature.length).toBeGreaterThan(24);
    await database.close();
    const needles = [refreshToken.slice(0, 24), signature.slice(0, 24)].map((text) => Buffer.from(text));
    const found = filesUnder(dataDir).filter((file) => needles.some((needle) => readFileSync(file).includes(needle)));
    expect(found).toEqual([]);
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
