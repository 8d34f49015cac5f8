/**
 * What the calendar page shows for one visible range (S-CAL-3), in one statement on indexed
 * columns: the viewer's sessions (as on the dashboard: hosted, created or shared; scheduled
 * or completed, never cancelled or deleted), the cached Outlook events of their own link,
 * and when that cache was last refreshed.
 *
 * Each list comes back as JSON values built by the database, one per piece of a few hundred
 * items: a month holds a thousand items, and decoding a thousand rows field by field costs
 * the embedded database several times what the query itself does (one JSON array per item
 * costs half of one object).
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

/** Items per row of the answer: a piece of 200 Outlook events is about 55 KB of JSON. */
const ITEMS_PER_PIECE = 200;

type RangeRow = LinkStatusRow & { list: "sessions" | "outlook" | "link"; items: string | null };

/**
 * The viewer's own link only: another user's Outlook is never shown. Events of ours are
 * never cached, and the anti-join keeps even a race between a push and a read from
 * showing one twice.
 *
 * One statement (one snapshot), one row per piece of each list: V8 puts every string over
 * 128 KB in its large-object space, which only a full collection frees, and a month's
 * Outlook events in one value (185 KB with the sessions) made the web server run one about
 * every 40 requests, adding 10–40 ms to the requests it landed on.
 */
export async function calendarRange(db: Queryable, viewer: { orgId: string; userId: string }, range: RangeWindow): Promise<CalendarRange> {
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const rows = await queryRows<RangeRow>(
    db,
    sql`
    with link as (select id, state, last_read_at, read_error from calendar_links where user_id = ${viewer.userId}),
    session_rows as (
      select s.id, s.title, s.starts_at, s.duration_min,
             (row_number() over (order by s.starts_at, s.id) - 1) / ${sql.raw(String(ITEMS_PER_PIECE))} as piece
        from sessions s
       where s.org_id = ${viewer.orgId}
         and s.starts_at >= ${from}::timestamptz - interval '${sql.raw(LONGEST_SESSION)}'
         and s.starts_at < ${to}::timestamptz
         and s.starts_at + make_interval(mins => s.duration_min) > ${from}::timestamptz
         and s.deleted_at is null and s.status <> 'cancelled'
         and (s.host_id = ${viewer.userId} or s.created_by = ${viewer.userId}
              or exists (select 1 from session_shares sh where sh.session_id = s.id and sh.user_id = ${viewer.userId}))),
    event_rows as (
      select e.remote_event_id, e.subject, e.starts_at, e.ends_at, e.is_all_day, e.web_link,
             (row_number() over (order by e.starts_at, e.remote_event_id) - 1) / ${sql.raw(String(ITEMS_PER_PIECE))} as piece
        from link l
        join external_events e on e.link_id = l.id
       where l.state <> 'unlinking'
         and e.starts_at < ${to}::timestamptz
         and e.ends_at > ${from}::timestamptz
         -- Uncorrelated, so it runs once as a hashed set whatever the planner's statistics say.
         and e.remote_event_id not in (
           select m.remote_event_id from mirror_items m
            where m.link_id = (select id from link) and m.remote_event_id is not null))
    select 'sessions' as list, piece,
           json_agg(json_build_array(id, title, date_part('epoch', starts_at), duration_min) order by starts_at, id)::text as items,
           null::uuid as link_id, null::text as state, null::timestamptz as last_read_at, null::text as read_error
      from session_rows group by piece
    union all
    select 'outlook', piece,
           json_agg(json_build_array(
             remote_event_id, subject, date_part('epoch', starts_at), date_part('epoch', ends_at), is_all_day, web_link)
             order by starts_at, remote_event_id)::text,
           null, null, null, null
      from event_rows group by piece
    union all
    select 'link', 0, null, id, state, last_read_at, read_error from link
    order by 1, 2`,
  );
  const sessions: RangeSession[] = [];
  const outlook: RangeOutlookEvent[] = [];
  let status: OutlookReadStatus | null = null;
  for (const row of rows) {
    if (row.list === "link") {
      status = readStatusOf(row);
    } else if (row.list === "sessions") {
      for (const [id, title, startSec, durationMin] of SessionTuplesSchema.parse(JSON.parse(row.items ?? "[]"))) {
        sessions.push({ id, title, start: isoFromEpochSeconds(startSec), end: isoFromEpochSeconds(startSec + durationMin * 60) });
      }
    } else {
      for (const [id, title, startSec, endSec, allDay, webLink] of OutlookTuplesSchema.parse(JSON.parse(row.items ?? "[]"))) {
        outlook.push({ id, title, start: isoFromEpochSeconds(startSec), end: isoFromEpochSeconds(endSec), allDay, webLink });
      }
    }
  }
  return { sessions, outlook, status };
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
