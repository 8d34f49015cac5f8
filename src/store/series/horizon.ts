/**
 * How far ahead a series' sessions exist: the organization's horizon (Account Options,
 * default 14 days), plus a little slack so a series just materialised is not due again
 * the next moment.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "../db.ts";

export const DEFAULT_HORIZON_DAYS = 14;
const DAY_MS = 86_400_000;
const SLACK_MS = 60 * 60_000;

/** The instant to materialise up to, for a horizon in days. */
export function materializeUntil(now: Date, horizonDays: number): Date {
  return new Date(now.getTime() + horizonDays * DAY_MS + SLACK_MS);
}

export async function horizonDaysOf(db: Queryable, orgId: string): Promise<number> {
  const [row] = await queryRows<{ days: number }>(
    db,
    sql`select coalesce((select series_horizon_days from org_options where org_id = ${orgId}), ${DEFAULT_HORIZON_DAYS})::int as days`,
  );
  return row?.days ?? DEFAULT_HORIZON_DAYS;
}
