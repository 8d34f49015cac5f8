/**
 * What the calendar page shows for one visible range (S-CAL-3), in one statement on indexed
 * columns: the viewer's sessions (as on the dashboard: hosted, created or shared; scheduled
 * or completed, never cancelled or deleted), the cached Outlook events of their own link,
 * and when that cache was last refreshed.
 *
 * The items come as the API's own JSON text, which the database keeps beside each row
 * (migration 0008_calendar_items): the web server joins them into its answer without
 * decoding a thousand items and encoding them again.
 */
import { sql } from "drizzle-orm";
import type { LinkState } from "../../domain/types.ts";
import { queryRows, type Queryable } from "../db.ts";

export interface RangeWindow {
  from: Date;
  to: Date;
}

/**
 * Calendar items as JSON text, comma-separated: pieces of the answer's `items` array, each
 * item exactly as CalendarItemSchema describes it.
 */
export type ItemsJson = string & { readonly __itemsJson: unique symbol };

export interface OutlookReadStatus {
  linkId: string;
  state: LinkState;
  lastReadAt: Date | null;
  readError: string | null;
}

export interface CalendarRange {
  /** In order of start. */
  sessions: ItemsJson[];
  /** In order of start. */
  outlook: ItemsJson[];
  /** Null when the viewer has no calendar link. */
  status: OutlookReadStatus | null;
}

/** Sessions last at most 12 hours, so a start this much before the range still reaches into it. */
const LONGEST_SESSION = "720 minutes";

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
      select s.id, s.starts_at, s.calendar_item,
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
      select e.remote_event_id, e.starts_at, e.calendar_item,
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
    select 'sessions' as list, piece, string_agg(calendar_item, ',' order by starts_at, id) as items,
           null::uuid as link_id, null::text as state, null::timestamptz as last_read_at, null::text as read_error
      from session_rows group by piece
    union all
    select 'outlook', piece, string_agg(calendar_item, ',' order by starts_at, remote_event_id), null, null, null, null
      from event_rows group by piece
    union all
    select 'link', 0, null, id, state, last_read_at, read_error from link
    order by 1, 2`,
  );
  const sessions: ItemsJson[] = [];
  const outlook: ItemsJson[] = [];
  let status: OutlookReadStatus | null = null;
  for (const row of rows) {
    if (row.list === "link") status = readStatusOf(row);
    // Written by the database's own calendar item functions, which tests hold to the API's schema.
    else if (row.items !== null) (row.list === "sessions" ? sessions : outlook).push(row.items as ItemsJson);
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
