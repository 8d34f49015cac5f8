/**
 * Writes a series' definition (template and schedule) with its participants: a new series,
 * or a changed one. Its sessions are the materialiser's and the edit's business.
 */
import { eq } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { series, seriesParticipants } from "../schema.ts";
import type { SeriesRecord } from "./seriesRecord.ts";

export type SeriesDefinition = Pick<SeriesRecord, "hostId" | "title" | "notes" | "participants" | "schedule" | "occurrenceIndexBase">;

function columnsOf({ hostId, title, notes, schedule, occurrenceIndexBase }: SeriesDefinition) {
  return {
    hostId,
    title,
    notes,
    timeZone: schedule.timeZone,
    durationMin: schedule.durationMin,
    firstStartDate: schedule.firstStart.date,
    firstStartTime: schedule.firstStart.time,
    rule: { ...schedule.rule },
    occurrenceIndexBase,
  };
}

export async function insertSeries(db: Queryable, orgId: string, createdBy: string, definition: SeriesDefinition): Promise<string> {
  const [row] = await db
    .insert(series)
    .values({ orgId, createdBy, ...columnsOf(definition) })
    .returning({ id: series.id });
  if (row === undefined) throw new Error("inserting a series returned no row");
  await replaceSeriesParticipants(db, row.id, definition);
  return row.id;
}

/**
 * `restartMaterializing` forgets how far the series was materialised: after its schedule
 * changed, the next materialisation walks it again from its first start (sessions that
 * exist are kept by the occurrence key).
 */
export async function updateSeries(db: Queryable, seriesId: string, definition: SeriesDefinition, restartMaterializing: boolean): Promise<void> {
  await db
    .update(series)
    .set({ ...columnsOf(definition), updatedAt: new Date(), ...(restartMaterializing ? { materializedUntil: null, status: "active" as const } : {}) })
    .where(eq(series.id, seriesId));
  await replaceSeriesParticipants(db, seriesId, definition);
}

/** A series that will make no more sessions (with the rule that says so): the materialiser and the calendar skip it. */
export async function endSeries(db: Queryable, seriesId: string, status: "ended" | "cancelled", rule?: SeriesRecord["schedule"]["rule"]): Promise<void> {
  await db
    .update(series)
    .set({ status, updatedAt: new Date(), ...(rule === undefined ? {} : { rule: { ...rule } }) })
    .where(eq(series.id, seriesId));
}

async function replaceSeriesParticipants(db: Queryable, seriesId: string, { participants }: SeriesDefinition): Promise<void> {
  await db.delete(seriesParticipants).where(eq(seriesParticipants.seriesId, seriesId));
  if (participants.length === 0) return;
  await db
    .insert(seriesParticipants)
    .values(participants.map((p, position) => ({ seriesId, position, name: p.name, email: p.email, phone: p.phone })));
}
