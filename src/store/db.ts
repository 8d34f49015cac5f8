/**
 * Opens the database: embedded PGlite under a data directory by default, or a PostgreSQL
 * server when a URL is given. Everything above this module sees one `Db` type.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { preparingPool } from "./preparedPool.ts";
import type { SQLWrapper } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import pg from "pg";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the database or an open transaction. */
export type Queryable = Db | Tx;

export interface Database {
  /** On PostgreSQL its pool prepares each statement once per connection (preparedPool.ts). */
  db: Db;
  /**
   * For work nobody waits on (the sync worker). On the embedded database its statements
   * pass a gate so a person's request never queues behind many of them; on PostgreSQL it
   * is `db`, whose connections serve every caller side by side.
   */
  backgroundDb: Db;
  kind: "pglite" | "postgres";
  /** Set for PostgreSQL: some work (the migration lock) needs a connection of its own. */
  databaseUrl?: string;
  /** Calls `onNotify` for every NOTIFY on `channel` (delivered after the sender's commit). */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));

/** Any number of processes may start at once; one migrates, the others wait for it. */
const MIGRATION_LOCK_KEY = 7_204_511;

export async function openDatabase(options: { databaseUrl?: string | undefined; dataDir: string; poolSize?: number }): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    const db = drizzlePg({ client: preparingPool(pool), schema });
    const databaseUrl = options.databaseUrl;
    return {
      db,
      backgroundDb: db,
      kind: "postgres",
      databaseUrl,
      async listen(channel, onNotify) {
        // LISTEN belongs to one connection, which must stay out of the pool.
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        client.on("notification", onNotify);
        client.on("error", () => undefined);
        await client.query(`listen ${pg.escapeIdentifier(channel)}`);
        return async () => {
          await client.end();
        };
      },
      async close() {
        await pool.end();
      },
    };
  }
  mkdirSync(options.dataDir, { recursive: true });
  // Loaded only when used: PGlite's module alone adds about 50 MB to a process, and a web
  // server or worker on PostgreSQL never needs it.
  const { openEmbeddedDatabase } = await import("./embedded/embeddedDb.ts");
  return openEmbeddedDatabase({ dataDir: options.dataDir });
}

export async function migrateDatabase(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  if (database.kind === "pglite") {
    await migratePglite(database.db as Parameters<typeof migratePglite>[0], config);
    return;
  }
  // A session-level advisory lock belongs to one connection, so it gets a client of its own.
  const lock = new pg.Client({ connectionString: database.databaseUrl });
  await lock.connect();
  try {
    await lock.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await migratePg(database.db as Parameters<typeof migratePg>[0], config);
  } finally {
    await lock.end();
  }
}

/** Runs raw SQL and returns its rows, whichever driver is underneath. */
export async function queryRows<Row extends Record<string, unknown>>(db: Queryable, query: SQLWrapper | string): Promise<Row[]> {
  const result: unknown = await db.execute<Row>(query);
  if (typeof result === "object" && result !== null && "rows" in result && Array.isArray(result.rows)) {
    return result.rows as Row[];
  }
  throw new Error("the database driver returned no rows array");
}
