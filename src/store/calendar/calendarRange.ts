/**
 * What the calendar page shows for one visible range (S-CAL-3), in three set-based
 * queries on indexed columns: the viewer's sessions (as on the dashboard: hosted, created
 * or shared; scheduled or completed, never cancelled or deleted), the cached Outlook
 * events of their own link, and when that cache was last refreshed.
 */
import { sql } from "drizzle-orm";
import type { LinkState, SessionStatus } from "../../domain/types.ts";
import { queryRows, type Queryable } from "../db.ts";

export interface RangeWindow {
  from: Date;
  to: Date;
}

export interface RangeSession {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  status: SessionStatus;
}

export interface RangeOutlookEvent {
  id: string;
  subject: string;
  startsAt: Date;
  endsAt: Date;
  isAllDay: boolean;
  webLink: string | null;
}

export interface OutlookReadStatus {
  state: LinkState;
  lastReadAt: Date | null;
  readError: string | null;
}

/** Sessions last at most 12 hours, so a start this much before the range still reaches into it. */
const LONGEST_SESSION = "720 minutes";

export async function sessionsInRange(db: Queryable, viewer: { orgId: string; userId: string }, range: RangeWindow): Promise<RangeSession[]> {
  const rows = await queryRows<{ id: string; title: string; starts_at: Date | string; ends_at: Date | string; status: SessionStatus }>(
    db,
    sql`
    select s.id, s.title, s.starts_at, s.starts_at + make_interval(mins => s.duration_min) as ends_at, s.status
      from sessions s
     where s.org_id = ${viewer.orgId}
       and s.starts_at >= ${range.from.toISOString()}::timestamptz - interval '${sql.raw(LONGEST_SESSION)}'
       and s.starts_at < ${range.to.toISOString()}::timestamptz
       and s.starts_at + make_interval(mins => s.duration_min) > ${range.from.toISOString()}::timestamptz
       and s.deleted_at is null and s.status <> 'cancelled'
       and (s.host_id = ${viewer.userId} or s.created_by = ${viewer.userId}
            or exists (select 1 from session_shares sh where sh.session_id = s.id and sh.user_id = ${viewer.userId}))
     order by s.starts_at, s.id`,
  );
  return rows.map((row) => ({ id: row.id, title: row.title, startsAt: new Date(row.starts_at), endsAt: new Date(row.ends_at), status: row.status }));
}

/**
 * The viewer's own link only: another user's Outlook is never shown. Events of ours are
 * never cached, and the anti-join keeps even a race between a push and a read from
 * showing one twice.
 */
export async function outlookEventsInRange(db: Queryable, userId: string, range: RangeWindow): Promise<RangeOutlookEvent[]> {
  const rows = await queryRows<{
    remote_event_id: string;
    subject: string;
    starts_at: Date | string;
    ends_at: Date | string;
    is_all_day: boolean;
    web_link: string | null;
  }>(
    db,
    sql`
    select e.remote_event_id, e.subject, e.starts_at, e.ends_at, e.is_all_day, e.web_link
      from calendar_links l
      join external_events e on e.link_id = l.id
     where l.user_id = ${userId} and l.state <> 'unlinking'
       and e.starts_at < ${range.to.toISOString()}::timestamptz
       and e.ends_at > ${range.from.toISOString()}::timestamptz
       and not exists (select 1 from mirror_items m where m.link_id = l.id and m.remote_event_id = e.remote_event_id)
     order by e.starts_at, e.remote_event_id`,
  );
  return rows.map((row) => ({
    id: row.remote_event_id,
    subject: row.subject,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    isAllDay: row.is_all_day,
    webLink: row.web_link,
  }));
}

export async function outlookReadStatus(db: Queryable, userId: string): Promise<(OutlookReadStatus & { linkId: string }) | null> {
  const rows = await queryRows<{ id: string; state: LinkState; last_read_at: Date | string | null; read_error: string | null }>(
    db,
    sql`select id, state, last_read_at, read_error from calendar_links where user_id = ${userId}`,
  );
  const row = rows[0];
  if (!row) return null;
  return { linkId: row.id, state: row.state, lastReadAt: row.last_read_at === null ? null : new Date(row.last_read_at), readError: row.read_error };
}
