/**
 * When each link's Outlook calendar is read next. A finished read waits the idle interval;
 * a calendar page being looked at pulls the organization's reads closer (S-CAL-5); a
 * notification, a lifecycle event or the Refresh button makes a read due now and wakes the
 * workers. Each is one statement over any number of links.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "../db.ts";
import { SYNC_CHANNEL } from "../mirror/markSessionsDirty.ts";
import { uuidArray } from "../sqlArrays.ts";
import { encodeDeltaState, type DeltaState } from "./claimReadLink.ts";

/**
 * A read finished. The claim had moved next_read_at past the lease; if it is no longer in
 * the future, a read was asked for while this one ran (its change may have come after our
 * last page), so it stays due.
 */
export async function finishRead(db: Queryable, linkId: string, result: { delta: DeltaState; nextReadInSec: number }): Promise<void> {
  await db.execute(sql`
    update calendar_links
       set delta_link = ${encodeDeltaState(result.delta)}, last_read_at = now(), read_error = null,
           next_read_at = case when next_read_at <= now() then next_read_at
                               else now() + make_interval(secs => ${result.nextReadInSec}) end
     where id = ${linkId}`);
}

export async function failRead(db: Queryable, linkId: string, error: string, retryInSec: number): Promise<void> {
  await db.execute(sql`
    update calendar_links
       set read_error = ${error}, next_read_at = now() + make_interval(secs => ${retryInSec})
     where id = ${linkId}`);
}

/** A missed or lost delta token: the next read is a full round. */
export async function forgetDeltaLink(db: Queryable, linkIds: readonly string[]): Promise<void> {
  if (linkIds.length === 0) return;
  await db.execute(sql`update calendar_links set delta_link = null where id = any(${uuidArray(linkIds)})`);
}

/** Reads wanted now (a notification, Refresh); wakes the workers. Returns the links marked. */
export async function markReadsDue(db: Queryable, linkIds: readonly string[]): Promise<number> {
  if (linkIds.length === 0) return 0;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update calendar_links set next_read_at = now() where id = any(${uuidArray(linkIds)}) and state = 'active' returning id`,
  );
  if (rows.length > 0) await db.execute(sql`select pg_notify(${SYNC_CHANNEL}, '')`);
  return rows.length;
}

/**
 * Someone of the organization has the calendar open: no link of it waits longer than
 * `everySec` after its last read. Writes nothing when every link is already that close.
 */
export async function keepReadsFrequent(db: Queryable, orgId: string, everySec: number): Promise<void> {
  await db.execute(sql`
    update calendar_links
       set next_read_at = coalesce(last_read_at, now()) + make_interval(secs => ${everySec})
     where org_id = ${orgId} and state = 'active'
       and next_read_at > coalesce(last_read_at, now()) + make_interval(secs => ${everySec})`);
}
