/**
 * Moves a link between its states. Each change is one statement, and each wakes the
 * workers when it gives them something to do.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "../db.ts";
import { SYNC_CHANNEL } from "../mirror/markSessionsDirty.ts";
import { uuidArray } from "../sqlArrays.ts";
import type { SealedLinkTokens } from "./sealedAccessToken.ts";

/** S-UNLINK-1: stop pushing at once; the worker removes our events, then the link itself. */
export async function startUnlink(tx: Queryable, where: { userIds: readonly string[] }): Promise<number> {
  if (where.userIds.length === 0) return 0;
  const ids = uuidArray(where.userIds);
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`update calendar_links set state = 'unlinking', next_reconcile_at = now(), last_error = null
         where user_id = any(${ids}) and state <> 'unlinking' returning id`,
  );
  if (rows.length > 0) await tx.execute(sql`select pg_notify(${SYNC_CHANNEL}, '')`);
  return rows.length;
}

/**
 * The refresh token was revoked or expired: nothing retries until the user relinks. Only
 * the grant that failed is ended: if the user relinked meanwhile (`linked_at` moved on),
 * the new grant stays.
 */
export async function markNeedsRelink(db: Queryable, link: { id: string; linkedAt: Date }, reason: string): Promise<void> {
  await db.execute(
    sql`update calendar_links set state = 'needs_relink', last_error = ${reason}, refresh_token_sealed = null, access_token_sealed = null
         where id = ${link.id} and state = 'active'
           and date_trunc('milliseconds', linked_at) = ${link.linkedAt.toISOString()}::timestamptz`,
  );
}

/**
 * A refresh's result, kept as soon as it arrives: Microsoft rotates refresh tokens, and the
 * access token serves whichever worker claims the link next while it is fresh.
 */
export async function saveLinkTokens(db: Queryable, linkId: string, sealed: SealedLinkTokens): Promise<void> {
  await db.execute(
    sql`update calendar_links set refresh_token_sealed = ${sealed.refreshTokenSealed}, access_token_sealed = ${sealed.accessTokenSealed}
         where id = ${linkId}`,
  );
}

/** Reconciliation finished: the next one is due in `afterSec`. */
export async function scheduleReconcile(db: Queryable, linkId: string, afterSec: number): Promise<void> {
  await db.execute(
    sql`update calendar_links
           set next_reconcile_at = now() + make_interval(secs => ${afterSec}), last_reconciled_at = now()
         where id = ${linkId}`,
  );
}

/** Link-level work (reconciliation, clean-up) is wanted in `afterSec`: now on request, later after a failure. */
export async function requestLinkWork(db: Queryable, linkId: string, afterSec: number): Promise<void> {
  await db.execute(
    sql`update calendar_links set next_reconcile_at = now() + make_interval(secs => ${afterSec}) where id = ${linkId}`,
  );
  if (afterSec === 0) await db.execute(sql`select pg_notify(${SYNC_CHANNEL}, '')`);
}

/** The clean-up is over: the link, its records and its sealed tokens are erased. */
export async function deleteLink(db: Queryable, linkId: string): Promise<void> {
  await db.execute(sql`delete from mirror_items where link_id = ${linkId}`);
  await db.execute(sql`delete from calendar_links where id = ${linkId}`);
}
