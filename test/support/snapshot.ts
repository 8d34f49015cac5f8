/**
 * Every table of the product as sorted JSON rows: taken before and after a request, two
 * snapshots prove that a refused request wrote nothing at all (no partial write).
 */
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "../../src/store/db.ts";

export type TableRows = Record<string, string[]>;

export async function tableRows(db: Queryable): Promise<TableRows> {
  const tables = await queryRows(
    db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const snapshot: TableRows = {};
  for (const { name } of tables) {
    const rows = await queryRows(db, sql`select to_jsonb(x)::text as row from ${sql.identifier(String(name))} x`);
    snapshot[String(name)] = rows.map((r) => String(r.row)).sort();
  }
  return snapshot;
}
