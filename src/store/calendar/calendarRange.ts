/**
 * What the calendar page shows for one visible range (S-CAL-3), in one statement on indexed
 * columns: the viewer's sessions (as on the dashboard: hosted, created or shared; scheduled
 * or completed, never cancelled or deleted), the cached Outlook events of their own link,
 * and when that cache was last refreshed.
 *
 * Each list comes back as one JSON value built by the database: a month holds a thousand
 * items, and decoding a thousand rows field by field costs the embedded database several
 * times what the query itself does (one JSON array per item costs half of one object).
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { isoFromEpochMs } from "../../domain/isoInstant.ts";
import type { LinkState } from "../../domain/types.ts";
import { queryRows, type Queryable } from "../db.ts";

export interface RangeWindow {
  from: Date;
  to: Date;
}

export interface RangeSession {
  id: string;
  title: string;
  /** ISO 8601 instants in UTC, as the API answers them. */
  start: string;
  end: string;
}

export interface RangeOutlookEvent extends RangeSession {
  allDay: boolean;
  webLink: string | null;
}

export interface OutlookReadStatus {
  linkId: string;
  state: LinkState;
  lastReadAt: Date | null;
  readError: string | null;
}

export interface CalendarRange {
  sessions: RangeSession[];
  outlook: RangeOutlookEvent[];
  /** Null when the viewer has no calendar link. */
  status: OutlookReadStatus | null;
}

/** Sessions last at most 12 hours, so a start this much before the range still reaches into it. */
const LONGEST_SESSION = "720 minutes";

/**
 * Rows travel as JSON arrays with instants as epoch seconds: the cheapest shape for the
 * database to build and for us to read, on both databases. `date_part` answers a double;
 * `extract` answers a numeric, about a tenth dearer to compute and print.
 */
const SessionTuplesSchema = z.array(z.tuple([z.string(), z.string(), z.number(), z.number()]));
const OutlookTuplesSchema = z.array(z.tuple([z.string(), z.string(), z.number(), z.number(), z.boolean(), z.string().nullable()]));

function isoFromEpochSeconds(seconds: number): string {
  return isoFromEpochMs(Math.round(seconds * 1000));
}

/**
 * The viewer's own link only: another user's Outlook is never shown. Events of ours are
 * never cached, and the anti-join keeps even a race between a push and a read from
 * showing one twice.
 */
export async function calendarRange(db: Queryable, viewer: { orgId: string; userId: string }, range: RangeWindow): Promise<CalendarRange> {
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const rows = await queryRows<LinkStatusRow & { sessions: string; outlook: string }>(
    db,
    sql`
    with link as (select id, state, last_read_at, read_error from calendar_links where user_id = ${viewer.userId})
    select
      (select coalesce(json_agg(json_build_array(s.id, s.title, date_part('epoch', s.starts_at), s.duration_min)
              order by s.starts_at, s.id), '[]')::text
         from sessions s
        where s.org_id = ${viewer.orgId}
          and s.starts_at >= ${from}::timestamptz - interval '${sql.raw(LONGEST_SESSION)}'
          and s.starts_at < ${to}::timestamptz
          and s.starts_at + make_interval(mins => s.duration_min) > ${from}::timestamptz
          and s.deleted_at is null and s.status <> 'cancelled'
          and (s.host_id = ${viewer.userId} or s.created_by = ${viewer.userId}
               or exists (select 1 from session_shares sh where sh.session_id = s.id and sh.user_id = ${viewer.userId}))
      ) as sessions,
      (select coalesce(json_agg(json_build_array(
                e.remote_event_id, e.subject, date_part('epoch', e.starts_at), date_part('epoch', e.ends_at), e.is_all_day, e.web_link)
              order by e.starts_at, e.remote_event_id), '[]')::text
         from link l
         join external_events e on e.link_id = l.id
        where l.state <> 'unlinking'
          and e.starts_at < ${to}::timestamptz
          and e.ends_at > ${from}::timestamptz
          -- Uncorrelated, so it runs once as a hashed set whatever the planner's statistics say.
          and e.remote_event_id not in (
            select m.remote_event_id from mirror_items m
             where m.link_id = (select id from link) and m.remote_event_id is not null)
      ) as outlook,
      link.id as link_id, link.state, link.last_read_at, link.read_error
    from (select) as one
    left join link on true`,
  );
  const row = rows[0];
  if (!row) throw new Error("the calendar range statement returned no row");
  return {
    sessions: SessionTuplesSchema.parse(JSON.parse(row.sessions)).map(([id, title, startSec, durationMin]) => ({
      id,
      title,
      start: isoFromEpochSeconds(startSec),
      end: isoFromEpochSeconds(startSec + durationMin * 60),
    })),
    outlook: OutlookTuplesSchema.parse(JSON.parse(row.outlook)).map(([id, title, startSec, endSec, allDay, webLink]) => ({
      id,
      title,
      start: isoFromEpochSeconds(startSec),
      end: isoFromEpochSeconds(endSec),
      allDay,
      webLink,
    })),
    status: readStatusOf(row),
  };
}

export async function outlookReadStatus(db: Queryable, userId: string): Promise<OutlookReadStatus | null> {
  const rows = await queryRows<LinkStatusRow>(db, sql`select id as link_id, state, last_read_at, read_error from calendar_links where user_id = ${userId}`);
  return readStatusOf(rows[0]);
}

type LinkStatusRow = {
  link_id: string | null;
  state: LinkState | null;
  last_read_at: Date | string | null;
  read_error: string | null;
};

/** Null when the viewer has no link (no row, or the outer join found none). */
function readStatusOf(row: LinkStatusRow | undefined): OutlookReadStatus | null {
  if (!row || row.link_id === null || row.state === null) return null;
  return { linkId: row.link_id, state: row.state, lastReadAt: row.last_read_at === null ? null : new Date(row.last_read_at), readError: row.read_error };
}
