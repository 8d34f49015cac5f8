/**
 * Housekeeping PostgreSQL's autovacuum does on a server and nobody does in the embedded
 * database: reclaiming rows that updates left behind (every push rewrites a mirror item,
 * every lease heartbeat a link) and refreshing the statistics the query planner picks
 * its plans by. Without them the embedded database grows forever and, once a table has
 * outgrown what the planner last saw, chooses nested loops over thousands of rows.
 */
import { sql } from "drizzle-orm";
import type { Db } from "./db.ts";

export async function vacuumAndAnalyze(db: Db): Promise<void> {
  await db.execute(sql`vacuum (analyze)`);
}
