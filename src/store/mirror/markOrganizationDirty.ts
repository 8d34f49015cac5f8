/**
 * Marks every mirror item of an organization's links dirty in one statement, for a change
 * that alters every event at once (the privacy level): the worker then rewrites each event,
 * and its pushed hash tells it which ones really differ. Links that need relinking are
 * included, so their events follow once relinked; links being unlinked are left alone.
 */
import { sql } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { SYNC_CHANNEL } from "./markSessionsDirty.ts";

export async function markOrganizationDirty(tx: Queryable, orgId: string): Promise<void> {
  await tx.execute(sql`
    update mirror_items m
       set dirty = true, change_seq = change_seq + 1, attempts = 0, next_attempt_at = now(), last_error = null
      from calendar_links l
     where l.id = m.link_id and l.org_id = ${orgId} and l.state <> 'unlinking'`);
  // Delivered on commit only, so a worker never wakes for a change that was rolled back.
  await tx.execute(sql`select pg_notify(${SYNC_CHANNEL}, '')`);
}
