import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "../../../src/store/db.ts";
import { createEmbeddedMaintenanceJob } from "../../../src/sync/maintenanceJob.ts";
import { createTestDatabase } from "../../support/database.ts";

async function plannerRowEstimate(database: Database, table: string): Promise<number> {
  const rows = await queryRows<{ reltuples: number }>(database.db, sql`select reltuples::float8 as reltuples from pg_class where relname = ${table}`);
  return Number(rows[0]?.reltuples);
}

describe("the embedded database's maintenance job", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it("vacuums and analyses at once, then again only when its interval has passed", async () => {
    const runs: string[] = [];
    const logger = pino({ level: "info" }, new Writable({ write: (line: Buffer, _encoding, done) => (runs.push(String(line)), done()) }));
    let nowMs = 1_000_000;
    const job = createEmbeddedMaintenanceJob({ db: database.db, everyMs: 600_000, now: () => nowMs, logger });
    await database.db.execute(sql`insert into organizations (name, logo_text) select 'Clinic ' || n, 'C' from generate_series(1, 40) as n`);

    // Due when the worker starts: the planner learns how many rows there are.
    expect(await job.runOnce("worker")).toBe(false);
    expect(runs).toHaveLength(1);
    expect(await plannerRowEstimate(database, "organizations")).toBe(40);

    nowMs += 599_999;
    await job.runOnce("worker");
    expect(runs).toHaveLength(1);

    nowMs += 1;
    await job.runOnce("worker");
    expect(runs).toHaveLength(2);
    expect(JSON.parse(runs[1]!)).toMatchObject({ msg: "embedded database vacuumed and analysed", durationMs: 0 });
  });

  it("runs one maintenance at a time when several lanes ask together", async () => {
    const runs: string[] = [];
    const logger = pino({ level: "info" }, new Writable({ write: (line: Buffer, _encoding, done) => (runs.push(String(line)), done()) }));
    const job = createEmbeddedMaintenanceJob({ db: database.db, everyMs: 600_000, now: () => 0, logger });
    await Promise.all([job.runOnce("a"), job.runOnce("b"), job.runOnce("c")]);
    expect(runs).toHaveLength(1);
  });
});
