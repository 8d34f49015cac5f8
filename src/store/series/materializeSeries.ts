/**
 * Materialisation: turns a series' occurrences up to an instant into ordinary sessions,
 * marked dirty in the same transaction so they reach Outlook like any other. The unique
 * (series_id, occurrence_index) key makes it idempotent: two workers, a restart or a
 * request racing the worker can only ever make an occurrence once.
 */
import { sql } from "drizzle-orm";
import { occurrences } from "../../domain/recurrence.ts";
import { nextOccurrence } from "../../domain/seriesEdits.ts";
import { queryRows, type Queryable } from "../db.ts";
import { markSessionsDirty } from "../mirror/markSessionsDirty.ts";
import { randomToken } from "../randomToken.ts";
import { textArray, uuidArray } from "../sqlArrays.ts";
import type { SeriesRecord } from "./seriesRecord.ts";

export interface MadeSession {
  id: string;
  seriesId: string;
}

/**
 * Makes the sessions of every occurrence of `seriesList` starting before `until` (the
 * caller holds their rows locked), advances `materialized_until`, and ends the series that
 * have no occurrence left. Returns the sessions it made.
 */
export async function materializeSeries(tx: Queryable, seriesList: readonly SeriesRecord[], until: Date): Promise<MadeSession[]> {
  const planned = seriesList.flatMap((record) =>
    occurrences(record.schedule, { from: record.materializedUntil ?? new Date(0), to: until }).map((occurrence) => ({
      seriesId: record.id,
      occurrenceIndex: String(record.occurrenceIndexBase + occurrence.index),
      startsAt: occurrence.startsAt.toISOString(),
    })),
  );
  const made = planned.length === 0 ? [] : await insertOccurrences(tx, planned);
  const endedIds = seriesList.filter((record) => nextOccurrence(record.schedule, until) === undefined).map((record) => record.id);
  await tx.execute(sql`
    update series
       set materialized_until = ${until.toISOString()}::timestamptz,
           status = case when id = any(${uuidArray(endedIds)}) then 'ended' else status end
     where id = any(${uuidArray(seriesList.map((record) => record.id))})`);
  await markSessionsDirty(tx, made.map((session) => session.id));
  return made;
}

async function insertOccurrences(
  tx: Queryable,
  planned: ReadonlyArray<{ seriesId: string; occurrenceIndex: string; startsAt: string }>,
): Promise<MadeSession[]> {
  const rows = await queryRows<{ id: string; series_id: string }>(
    tx,
    sql`
      insert into sessions (org_id, host_id, created_by, title, starts_at, duration_min, time_zone, notes,
                            host_join_token, participant_join_token, series_id, occurrence_index)
      select s.org_id, s.host_id, s.created_by, s.title, o.starts_at, s.duration_min, s.time_zone, s.notes,
             o.host_token, o.participant_token, s.id, o.occurrence_index
        from unnest(${uuidArray(planned.map((p) => p.seriesId))},
                    ${textArray(planned.map((p) => p.occurrenceIndex))}::int[],
                    ${textArray(planned.map((p) => p.startsAt))}::timestamptz[],
                    ${textArray(planned.map(() => randomToken()))},
                    ${textArray(planned.map(() => randomToken()))})
             as o(series_id, occurrence_index, starts_at, host_token, participant_token)
        join series s on s.id = o.series_id
      on conflict (series_id, occurrence_index) do nothing
      returning id, series_id`,
  );
  if (rows.length === 0) return [];
  const made = rows.map((row) => ({ id: row.id, seriesId: row.series_id }));
  await copySeriesParticipants(tx, made.map((session) => ({ sessionId: session.id, seriesId: session.seriesId })));
  return made;
}

/** Gives each session its series' current participant list (replacing any it had). */
export async function copySeriesParticipants(tx: Queryable, pairs: ReadonlyArray<{ sessionId: string; seriesId: string }>): Promise<void> {
  if (pairs.length === 0) return;
  const sessionIds = uuidArray(pairs.map((pair) => pair.sessionId));
  await tx.execute(sql`delete from session_participants where session_id = any(${sessionIds})`);
  await tx.execute(sql`
    insert into session_participants (session_id, position, name, email, phone)
    select x.session_id, p.position, p.name, p.email, p.phone
      from unnest(${sessionIds}, ${uuidArray(pairs.map((pair) => pair.seriesId))}) as x(session_id, series_id)
      join series_participants p on p.series_id = x.series_id`);
}
