/**
 * A fresh, migrated, empty database for one test file: a copy of the template that the
 * global setup built, on PGlite or on PostgreSQL (when DATABASE_URL is set).
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type Database } from "../../src/store/db.ts";
import { openEmbeddedDatabase } from "../../src/store/embedded/embeddedDb.ts";
import { withDatabase } from "./globalSetup.ts";

export async function createTestDatabase(): Promise<Database> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const name = `careroom_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`create database ${name} template ${inject("pgTemplate")}`);
    const database = await openDatabase({ databaseUrl: withDatabase(databaseUrl, name), dataDir: "", poolSize: 5 });
    return {
      ...database,
      async close() {
        await database.close();
        // pg's pool.end() resolves before its sockets are closed; a forced drop in that gap
        // kills them, and the dying client's error escapes as an uncaught exception.
        await waitUntilNoConnections(admin, name);
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    };
  }
  return openEmbeddedDatabase({ dump: readFileSync(inject("pgliteTemplateFile")) });
}

async function waitUntilNoConnections(admin: pg.Client, database: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const { rows } = await admin.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = $1", [database]);
    if ((rows[0]?.n ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
