/**
 * Makes a series' materialised sessions follow a change of the series: from a given
 * occurrence on, every session that is still as the series made it (scheduled, not
 * deleted, not an exception) takes the series' template and the start of its occurrence
 * under the series' current schedule; one whose occurrence no longer exists is cancelled.
 * Exceptions and cancelled sessions keep their occurrence, so it is never made again.
 */
import { sql } from "drizzle-orm";
import { firstOccurrences } from "../../domain/seriesEdits.ts";
import { queryRows, type Queryable } from "../db.ts";
import { textArray, uuidArray } from "../sqlArrays.ts";
import { copySeriesParticipants } from "./materializeSeries.ts";
import type { SeriesRecord } from "./seriesRecord.ts";

/** Returns the ids of the sessions it changed; the caller marks them dirty with the rest. */
export async function followSeries(tx: Queryable, record: SeriesRecord, fromOccurrenceIndex: number): Promise<string[]> {
  const followers = await queryRows<{ id: string; occurrence_index: number }>(
    tx,
    sql`select id, occurrence_index from sessions
         where series_id = ${record.id} and occurrence_index >= ${fromOccurrenceIndex}
           and status = 'scheduled' and deleted_at is null and not series_exception
         order by occurrence_index`,
  );
  const last = followers.at(-1);
  if (last === undefined) return [];
  const starts = new Map(
    firstOccurrences(record.schedule, last.occurrence_index - record.occurrenceIndexBase + 1).map((o) => [
      o.index + record.occurrenceIndexBase,
      o.startsAt.toISOString(),
    ]),
  );
  const moved = followers.flatMap((f) => {
    const startsAt = starts.get(f.occurrence_index);
    return startsAt === undefined ? [] : [{ id: f.id, startsAt }];
  });
  const gone = followers.filter((f) => !starts.has(f.occurrence_index)).map((f) => f.id);
  if (moved.length > 0) {
    await tx.execute(sql`
      update sessions s
         set host_id = ${record.hostId}, title = ${record.title}, notes = ${record.notes},
             duration_min = ${record.schedule.durationMin}, time_zone = ${record.schedule.timeZone},
             starts_at = m.starts_at, updated_at = now()
        from unnest(${uuidArray(moved.map((m) => m.id))}, ${textArray(moved.map((m) => m.startsAt))}::timestamptz[]) as m(id, starts_at)
       where s.id = m.id`);
    await copySeriesParticipants(tx, moved.map((m) => ({ sessionId: m.id, seriesId: record.id })));
  }
  if (gone.length > 0) {
    await tx.execute(sql`update sessions set status = 'cancelled', updated_at = now() where id = any(${uuidArray(gone)})`);
  }
  return followers.map((f) => f.id);
}

/**
 * Cancels every scheduled session of the series from an occurrence on (edited ones too:
 * they are the same appointments), or, with `startingAfter`, those that have not started.
 * Returns their ids for the caller to mark dirty.
 */
export async function cancelSeriesSessions(
  tx: Queryable,
  seriesId: string,
  from: { occurrenceIndex: number } | { startingAfter: Date },
): Promise<string[]> {
  const where =
    "occurrenceIndex" in from
      ? sql`occurrence_index >= ${from.occurrenceIndex}`
      : sql`starts_at > ${from.startingAfter.toISOString()}::timestamptz`;
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`update sessions set status = 'cancelled', updated_at = now()
         where series_id = ${seriesId} and status = 'scheduled' and deleted_at is null and ${where}
         returning id`,
  );
  return rows.map((row) => row.id);
}

/**
 * Splitting a series: its sessions from an occurrence on (whatever their state, so edited
 * and cancelled occurrences keep their place) become the new series' sessions, numbered
 * from 0 there.
 */
export async function moveSessionsToSeries(tx: Queryable, from: { seriesId: string; occurrenceIndex: number }, toSeriesId: string): Promise<void> {
  await tx.execute(sql`
    update sessions
       set series_id = ${toSeriesId}, occurrence_index = occurrence_index - ${from.occurrenceIndex}, updated_at = now()
     where series_id = ${from.seriesId} and occurrence_index >= ${from.occurrenceIndex}`);
}
