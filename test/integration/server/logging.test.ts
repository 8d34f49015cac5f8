import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { buildApp } from "../../../src/server/app.ts";
import type { Database } from "../../../src/store/db.ts";
import { signIn, TEST_APP_URL, unreachableMicrosoft } from "../../support/app.ts";
import { createTestDatabase } from "../../support/database.ts";
import { createTwoOrganizations, FIXTURE_PASSWORD } from "../../support/fixtures.ts";

describe("request logs", () => {
  const lines: string[] = [];
  let database: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ level: "debug" }, sink);
    app = await buildApp({ database, config: loadConfig({ NODE_ENV: "test", APP_URL: TEST_APP_URL }), logger, link: unreachableMicrosoft() });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it("never contain passwords, session or join tokens, or participant contact details", async () => {
    const [org] = await createTwoOrganizations(database.db);
    const client = await signIn(app, org.licensed.email);
    const created = await client.request({
      method: "POST",
      url: "/api/sessions",
      payload: {
        title: "Check-up",
        hostId: org.licensed.id,
        startsAt: new Date(Date.now() + 3_600_000).toISOString(),
        durationMin: 30,
        timeZone: "UTC",
        participants: [{ name: "Robin Vale", email: "robin.vale@example.test", phone: "+1 555 0199" }],
      },
    });
    const joinToken = created.json<{ participantJoinUrl: string }>().participantJoinUrl.split("/room/")[1] ?? "";
    await app.inject({ method: "GET", url: `/api/rooms/${joinToken}` });
    await client.request({ method: "POST", url: "/api/sessions", payload: { title: "x".repeat(500), participants: [{ name: "R", email: "robin.vale@example.test" }] } });

    const log = lines.join("");
    expect(log).toContain("request completed");
    expect(log).toContain("/api/rooms/[token]");
    for (const secret of [FIXTURE_PASSWORD, client.cookie.split("=")[1] ?? "", client.csrfToken, joinToken, "robin.vale@example.test", "555 0199"]) {
      expect(secret.length).toBeGreaterThan(5);
      expect(log).not.toContain(secret);
    }
  });
});
