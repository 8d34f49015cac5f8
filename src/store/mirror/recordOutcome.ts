/**
 * Records what happened to one mirror item after talking to Microsoft, in one short
 * statement. Every write compares the change counter seen at claim time, so a session
 * changed while its event was being pushed stays dirty and is pushed again.
 */
import { sql } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { intArray, textArray, uuidArray } from "../sqlArrays.ts";

export interface ItemKey {
  linkId: string;
  sessionId: string;
  seenSeq: number;
}

export type Outcome =
  /** The event exists and shows `pushedHash`. */
  | { kind: "written"; remoteEventId: string; changeKey: string; pushedHash: string; generation: number }
  /** No event exists and none should. */
  | { kind: "gone" }
  /** Try again after `delayMs`; `createStillInDoubt` keeps the lookup-before-create guard. */
  | { kind: "retry"; delayMs: number; error: string; createStillInDoubt: boolean; generation: number; remoteEventId: string | null }
  /** Microsoft refused for good: wait for the next change of the session (or a day). */
  | { kind: "failed"; error: string; createStillInDoubt: boolean; generation: number; remoteEventId: string | null }
  /** Claimed but never pushed (the round stopped first): handed back, due at once, as it was. */
  | { kind: "released" };

/** A refused item is retried once a day at most, so a fixed cause eventually heals without a loop. */
const FAILED_RETRY_SEC = 24 * 3600;

export async function recordOutcome(db: Queryable, key: ItemKey, outcome: Outcome): Promise<void> {
  const where = sql`link_id = ${key.linkId} and session_id = ${key.sessionId}`;
  const unchanged = sql`change_seq = ${key.seenSeq}`;
  switch (outcome.kind) {
    case "written":
      await db.execute(sql`
        update mirror_items
           set remote_event_id = ${outcome.remoteEventId}, remote_change_key = ${outcome.changeKey},
               pushed_hash = ${outcome.pushedHash}, generation = ${outcome.generation}, create_in_doubt = false,
               dirty = not (${unchanged}), attempts = 0, last_error = null, synced_at = now(), next_attempt_at = now(),
               claimed_by = null
         where ${where}`);
      return;
    case "gone":
      // Only an item that did not change meanwhile may go; otherwise it must be looked at again.
      await db.execute(sql`delete from mirror_items where ${where} and ${unchanged}`);
      await db.execute(sql`
        update mirror_items
           set remote_event_id = null, remote_change_key = null, pushed_hash = null, create_in_doubt = false,
               attempts = 0, last_error = null, next_attempt_at = now(), claimed_by = null
         where ${where}`);
      return;
    case "released":
      await db.execute(sql`
        update mirror_items set claimed_by = null, next_attempt_at = now(), attempts = greatest(attempts - 1, 0)
         where ${where}`);
      return;
    case "retry":
    case "failed": {
      const delaySec = outcome.kind === "retry" ? outcome.delayMs / 1000 : FAILED_RETRY_SEC;
      await db.execute(sql`
        update mirror_items
           set last_error = ${outcome.error}, create_in_doubt = ${outcome.createStillInDoubt}, claimed_by = null,
               generation = ${outcome.generation}, remote_event_id = ${outcome.remoteEventId},
               pushed_hash = case when remote_event_id is distinct from ${outcome.remoteEventId} then null else pushed_hash end,
               next_attempt_at = case when ${unchanged} then now() + make_interval(secs => ${delaySec}) else now() end
         where ${where}`);
      return;
    }
  }
}

/**
 * Records a round's outcomes: every "written" one in a single set-based statement (the
 * common case: one round trip for the round instead of one per item), the rarer kinds one
 * by one as above.
 */
export async function recordOutcomes(db: Queryable, results: ReadonlyArray<{ key: ItemKey; outcome: Outcome }>): Promise<void> {
  const written = results.flatMap(({ key, outcome }) => (outcome.kind === "written" ? [{ key, outcome }] : []));
  if (written.length > 0) {
    await db.execute(sql`
      update mirror_items m
         set remote_event_id = w.remote_event_id, remote_change_key = w.change_key, pushed_hash = w.pushed_hash,
             generation = w.generation, create_in_doubt = false, dirty = m.change_seq <> w.seen_seq, attempts = 0,
             last_error = null, synced_at = now(), next_attempt_at = now(), claimed_by = null
        from unnest(${uuidArray(written.map((w) => w.key.linkId))}, ${uuidArray(written.map((w) => w.key.sessionId))},
                    ${intArray(written.map((w) => w.key.seenSeq))}, ${textArray(written.map((w) => w.outcome.remoteEventId))},
                    ${textArray(written.map((w) => w.outcome.changeKey))}, ${textArray(written.map((w) => w.outcome.pushedHash))},
                    ${intArray(written.map((w) => w.outcome.generation))})
             as w(link_id, session_id, seen_seq, remote_event_id, change_key, pushed_hash, generation)
       where m.link_id = w.link_id and m.session_id = w.session_id`);
  }
  for (const { key, outcome } of results) {
    if (outcome.kind !== "written") await recordOutcome(db, key, outcome);
  }
}
