/**
 * A series as the store hands it around: its row, its rule parsed back from JSON, and its
 * participants; read for a change (locked) or for showing. Other organizations' series are
 * never found.
 */
import { and, asc, eq, getTableColumns, inArray, type SQL } from "drizzle-orm";
import { RecurrenceRuleSchema, type RecurrenceRule, type SeriesSchedule } from "../../domain/recurrence.ts";
import type { Participant, UserId } from "../../domain/types.ts";
import type { Queryable, Tx } from "../db.ts";
import { series, seriesParticipants, users } from "../schema.ts";

export interface SeriesTemplate {
  hostId: UserId;
  title: string;
  notes: string | null;
  participants: Participant[];
}

export interface SeriesRecord extends SeriesTemplate {
  id: string;
  hostName: string;
  orgId: string;
  createdBy: UserId;
  schedule: SeriesSchedule;
  status: (typeof series.$inferSelect)["status"];
  materializedUntil: Date | null;
  /** Sessions store `occurrenceIndexBase + index` (see the schema). */
  occurrenceIndexBase: number;
}

type SeriesRow = typeof series.$inferSelect & { hostName: string };

/** What a SeriesRecord is read from; select it with `innerJoin(users, …host…)`. */
export const seriesColumns = { ...getTableColumns(series), hostName: users.name };

/** The series row locked until the transaction ends, so changes to one series run one at a time. */
export async function lockSeries(tx: Tx, orgId: string, seriesId: string): Promise<SeriesRecord | undefined> {
  const [row] = await tx
    .select(seriesColumns)
    .from(series)
    .innerJoin(users, eq(users.id, series.hostId))
    .where(and(eq(series.id, seriesId), eq(series.orgId, orgId)))
    .for("update", { of: series });
  return row === undefined ? undefined : (await withParticipants(tx, [row]))[0];
}

/** Series of one organization matching `condition`, oldest first, in two queries. */
export async function loadSeries(db: Queryable, orgId: string, condition?: SQL): Promise<SeriesRecord[]> {
  const rows = await db
    .select(seriesColumns)
    .from(series)
    .innerJoin(users, eq(users.id, series.hostId))
    .where(and(eq(series.orgId, orgId), condition))
    .orderBy(asc(series.createdAt), asc(series.id));
  return withParticipants(db, rows);
}

/** Rows claimed elsewhere (the materialiser's `for update skip locked`), completed the same way. */
export async function withParticipants(db: Queryable, rows: readonly SeriesRow[]): Promise<SeriesRecord[]> {
  if (rows.length === 0) return [];
  const participantRows = await db
    .select()
    .from(seriesParticipants)
    .where(inArray(seriesParticipants.seriesId, rows.map((row) => row.id)))
    .orderBy(asc(seriesParticipants.seriesId), asc(seriesParticipants.position));
  const participantsBySeries = new Map<string, Participant[]>();
  for (const p of participantRows) {
    const list = participantsBySeries.get(p.seriesId) ?? [];
    list.push({ name: p.name, email: p.email, phone: p.phone });
    participantsBySeries.set(p.seriesId, list);
  }
  return rows.map((row) => ({
    ...plannedOf(row),
    orgId: row.orgId,
    hostId: row.hostId as UserId,
    hostName: row.hostName,
    createdBy: row.createdBy as UserId,
    notes: row.notes,
    participants: participantsBySeries.get(row.id) ?? [],
  }));
}

/** What a series plans (its schedule and how far it has been materialised), without who takes part. */
export type SeriesPlan = Pick<SeriesRecord, "id" | "title" | "schedule" | "status" | "materializedUntil" | "occurrenceIndexBase">;

/** The active series of one organization matching `condition`, in one query: enough to compute what they will create. */
export async function loadActiveSeriesPlans(db: Queryable, orgId: string, condition?: SQL): Promise<SeriesPlan[]> {
  const rows = await db
    .select()
    .from(series)
    .where(and(eq(series.orgId, orgId), eq(series.status, "active"), condition))
    .orderBy(asc(series.createdAt), asc(series.id));
  return rows.map(plannedOf);
}

function plannedOf(row: typeof series.$inferSelect): SeriesPlan {
  return {
    id: row.id,
    title: row.title,
    schedule: {
      rule: parseStoredRule(row.rule),
      firstStart: { date: row.firstStartDate, time: row.firstStartTime },
      timeZone: row.timeZone,
      durationMin: row.durationMin,
    },
    status: row.status,
    materializedUntil: row.materializedUntil,
    occurrenceIndexBase: row.occurrenceIndexBase,
  };
}

/** The rule column is only ever written from a parsed rule; reading it back checks that. */
function parseStoredRule(stored: unknown): RecurrenceRule {
  return RecurrenceRuleSchema.parse(stored);
}
