/**
 * The write half of the sync spine: called inside the same transaction as any change to
 * sessions, it marks every mirror item those sessions may affect as dirty, so the Outlook
 * side follows even if the process dies right after the commit.
 */
import { sql } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { uuidArray } from "../sqlArrays.ts";

/**
 * Marks the existing items of these sessions (whatever link they belong to: an old host's
 * event must go when the host changes) and creates an item for the current host's active
 * link when there is none. Whether an event should exist is decided later, by the worker.
 */
export async function markSessionsDirty(tx: Queryable, sessionIds: readonly string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  const ids = uuidArray(sessionIds);
  await tx.execute(sql`
    update mirror_items
       set dirty = true, change_seq = change_seq + 1, attempts = 0, next_attempt_at = now(), last_error = null
     where session_id = any(${ids})`);
  await tx.execute(sql`
    insert into mirror_items (link_id, session_id)
    select l.id, s.id
      from sessions s
      join calendar_links l on l.user_id = s.host_id and l.state = 'active'
     where s.id = any(${ids}) and s.status = 'scheduled'
    on conflict (link_id, session_id) do nothing`);
  // Delivered on commit only, so a worker never wakes for a change that was rolled back.
  await tx.execute(sql`select pg_notify(${SYNC_CHANNEL}, '')`);
}

/** The notification channel sync workers listen on. */
export const SYNC_CHANNEL = "careroom_sync";
