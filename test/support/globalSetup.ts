/**
 * Builds one migrated database template before any test file runs, so each file can get a
 * fresh database cheaply: a PGlite data-directory dump, or a PostgreSQL template database
 * when DATABASE_URL is set.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openDatabase } from "../../src/store/db.ts";
import { openEmbeddedDatabase } from "../../src/store/embedded/embeddedDb.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const templateName = `careroom_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${templateName}`);
    await admin.query(`create database ${templateName}`);
    const templateUrl = withDatabase(databaseUrl, templateName);
    const database = await openDatabase({ databaseUrl: templateUrl, dataDir: "" });
    await migrateDatabase(database);
    await database.close();
    project.provide("pgTemplate", templateName);
    return async () => {
      await admin.query(`drop database if exists ${templateName} with (force)`);
      await admin.end();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "careroom-template-"));
  const database = await openEmbeddedDatabase({ memory: true });
  await migrateDatabase(database);
  const file = join(dir, "template.tar");
  writeFileSync(file, await database.dump());
  await database.close();
  project.provide("pgliteTemplateFile", file);
  return async () => {
    rmSync(dir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplate: string;
    pgliteTemplateFile: string;
  }
}
