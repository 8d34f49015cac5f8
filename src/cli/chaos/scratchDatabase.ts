/**
 * A throwaway database for a run of the product's real processes: a PGlite directory under
 * the run's work directory, or a fresh database on the PostgreSQL server of `databaseUrl`,
 * dropped afterwards. It comes back migrated and open, for seeding before the product starts.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { migrateDatabase, openDatabase, type Database } from "../../store/db.ts";
import { undoOnSignal } from "../undoOnSignal.ts";

export interface ScratchDatabase {
  /** Open and migrated; on PGlite it must be closed before a product process opens the directory. */
  database: Database;
  /** DATABASE_URL and DATA_DIR for the product's processes. */
  env: Record<string, string>;
  kind: "pglite" | "postgres";
  /** Drops the PostgreSQL database (the PGlite directory stays, beside the run's logs). */
  drop(): Promise<void>;
  /** The server processes serving this database's connections now (none for PGlite, which runs in the product). */
  backendPids(): Promise<number[]>;
  /**
   * Whether a sync worker is listening for work on this database: its LISTEN connection is
   * the last thing a worker opens as it starts. Always true on PGlite, whose single process
   * starts its worker as soon as it answers /readyz.
   */
  workerListening(): Promise<boolean>;
}

export async function createScratchDatabase(options: { databaseUrl: string | undefined; workDir: string; namePrefix: string }): Promise<ScratchDatabase> {
  const dataDir = join(options.workDir, "data");
  if (!options.databaseUrl) {
    const database = await openDatabase({ dataDir });
    await migrateDatabase(database);
    return { database, env: { DATA_DIR: dataDir }, kind: "pglite", drop: async () => undefined, backendPids: async () => [], workerListening: async () => true };
  }
  const name = `${options.namePrefix}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: options.databaseUrl });
  await admin.connect();
  await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  const url = new URL(options.databaseUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    forget();
    await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
    await admin.end();
  };
  const forget = undoOnSignal(drop);
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: "" });
  await migrateDatabase(database);
  return {
    database,
    env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir },
    kind: "postgres",
    drop,
    async backendPids() {
      const { rows } = await admin.query<{ pid: number }>("select pid from pg_stat_activity where datname = $1", [name]);
      return rows.map((row) => row.pid);
    },
    async workerListening() {
      const { rows } = await admin.query("select 1 from pg_stat_activity where datname = $1 and query ilike 'listen %'", [name]);
      return rows.length > 0;
    },
  };
}
