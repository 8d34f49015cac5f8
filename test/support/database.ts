/**
 * A fresh, migrated, empty database for one test file: a copy of the template that the
 * global setup built, on PGlite or on PostgreSQL (when DATABASE_URL is set).
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, wrapPglite, type Database } from "../../src/store/db.ts";
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
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    };
  }
  const dump = readFileSync(inject("pgliteTemplateFile"));
  const client = new PGlite({ loadDataDir: new Blob([dump]) });
  return wrapPglite(client);
}
