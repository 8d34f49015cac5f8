/** The next few active sessions of each series, for the Series page; one query for all. */
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "../db.ts";
import { uuidArray } from "../sqlArrays.ts";

export interface UpcomingSession {
  id: string;
  startsAt: Date;
}

export async function nextSessionsOf(db: Queryable, seriesIds: readonly string[], now: Date, perSeries: number): Promise<Map<string, UpcomingSession[]>> {
  const bySeries = new Map<string, UpcomingSession[]>();
  if (seriesIds.length === 0) return bySeries;
  const rows = await queryRows<{ id: string; series_id: string; starts_at: string | Date }>(
    db,
    sql`select id, series_id, starts_at from (
          select id, series_id, starts_at, row_number() over (partition by series_id order by starts_at, id) as n
            from sessions
           where series_id = any(${uuidArray(seriesIds)}) and status = 'scheduled' and deleted_at is null
             and starts_at + make_interval(mins => duration_min) > ${now.toISOString()}::timestamptz
        ) upcoming
        where n <= ${perSeries}
        order by series_id, starts_at, id`,
  );
  for (const row of rows) {
    const list = bySeries.get(row.series_id) ?? [];
    list.push({ id: row.id, startsAt: new Date(row.starts_at) });
    bySeries.set(row.series_id, list);
  }
  return bySeries;
}
