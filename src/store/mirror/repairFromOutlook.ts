/**
 * The store side of reconciliation (S-SYNC-2): what we believe each of a link's events is,
 * and, after comparing with Outlook, the repairs to make, applied as set-based statements.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "../db.ts";
import type { GraphEventId, SessionId } from "../../domain/types.ts";
import { SYNC_CHANNEL } from "./markSessionsDirty.ts";
import { textArray, uuidArray } from "../sqlArrays.ts";

export interface RecordedEvent {
  sessionId: SessionId;
  remoteEventId: GraphEventId | null;
  remoteChangeKey: string | null;
}

export async function recordedEvents(db: Queryable, linkId: string): Promise<RecordedEvent[]> {
  const rows = await queryRows<{ session_id: string; remote_event_id: string | null; remote_change_key: string | null }>(
    db,
    sql`select session_id, remote_event_id, remote_change_key from mirror_items where link_id = ${linkId}`,
  );
  return rows.map((r) => ({
    sessionId: r.session_id as SessionId,
    remoteEventId: r.remote_event_id as GraphEventId | null,
    remoteChangeKey: r.remote_change_key,
  }));
}

export interface Repairs {
  /** Our event was deleted in Outlook: forget it, so the session's event is created again if still wanted. */
  vanished: SessionId[];
  /** Our event was edited in Outlook: push the session's version over it. */
  edited: SessionId[];
  /** An event of ours we had lost track of, for a session that has no event on record: adopt it. */
  adopted: Array<{ sessionId: SessionId; remoteEventId: GraphEventId }>;
}

export async function applyRepairs(db: Queryable, linkId: string, repairs: Repairs): Promise<void> {
  if (repairs.vanished.length > 0) {
    await db.execute(sql`
      update mirror_items
         set remote_event_id = null, remote_change_key = null, pushed_hash = null, generation = generation + 1,
             create_in_doubt = false, dirty = true, change_seq = change_seq + 1, attempts = 0, next_attempt_at = now()
       where link_id = ${linkId} and session_id = any(${uuidArray(repairs.vanished)})`);
  }
  if (repairs.edited.length > 0) {
    await db.execute(sql`
      update mirror_items
         set pushed_hash = null, dirty = true, change_seq = change_seq + 1, attempts = 0, next_attempt_at = now()
       where link_id = ${linkId} and session_id = any(${uuidArray(repairs.edited)})`);
  }
  if (repairs.adopted.length > 0) {
    const sessions = uuidArray(repairs.adopted.map((a) => a.sessionId));
    const events = textArray(repairs.adopted.map((a) => a.remoteEventId));
    await db.execute(sql`
      update mirror_items m
         set remote_event_id = a.event_id, pushed_hash = null, create_in_doubt = false, dirty = true,
             change_seq = change_seq + 1, attempts = 0, next_attempt_at = now()
        from unnest(${sessions}, ${events}) as a(session_id, event_id)
       where m.link_id = ${linkId} and m.session_id = a.session_id and m.remote_event_id is null`);
  }
  if (repairs.vanished.length + repairs.edited.length + repairs.adopted.length > 0) {
    await db.execute(sql`select pg_notify(${SYNC_CHANNEL}, '')`);
  }
}
