/**
 * "Recurring sessions scheduled to be created" (S-CAL-3): the occurrences of active series
 * in a window that no session stands for yet. Computed from the rules, never stored.
 */
import { sql } from "drizzle-orm";
import { occurrences } from "../../domain/recurrence.ts";
import { queryRows, type Queryable } from "../db.ts";
import { uuidArray } from "../sqlArrays.ts";
import type { SeriesPlan } from "./seriesRecord.ts";

export interface PendingOccurrence {
  seriesId: string;
  title: string;
  occurrenceIndex: number;
  startsAt: Date;
  endsAt: Date;
}

/** At most this many per series and window: a daily series over the longest window fits. */
const PER_SERIES_MAX = 200;

export async function pendingOccurrences(db: Queryable, seriesList: readonly SeriesPlan[], window: { from: Date; to: Date }): Promise<PendingOccurrence[]> {
  const candidates = seriesList
    .filter((record) => record.status === "active")
    .flatMap((record) => {
      const from = new Date(Math.max(window.from.getTime(), record.materializedUntil?.getTime() ?? 0));
      return occurrences(record.schedule, { from, to: window.to }, { limit: PER_SERIES_MAX }).map((occurrence) => ({
        seriesId: record.id,
        title: record.title,
        occurrenceIndex: record.occurrenceIndexBase + occurrence.index,
        startsAt: occurrence.startsAt,
        endsAt: occurrence.endsAt,
      }));
    });
  if (candidates.length === 0) return [];
  // A re-timed series can hold sessions beyond where it was materialised: those are not pending.
  const taken = await queryRows<{ series_id: string; occurrence_index: number }>(
    db,
    sql`select series_id, occurrence_index from sessions
         where series_id = any(${uuidArray([...new Set(candidates.map((c) => c.seriesId))])})
           and occurrence_index >= ${Math.min(...candidates.map((c) => c.occurrenceIndex))}`,
  );
  const takenKeys = new Set(taken.map((row) => `${row.series_id}:${row.occurrence_index}`));
  return candidates
    .filter((c) => !takenKeys.has(`${c.seriesId}:${c.occurrenceIndex}`))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
