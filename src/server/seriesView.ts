/** Series as the API shows them to one viewer: the rule in words and the next few sessions. */
import { describeRule } from "../domain/recurrence.ts";
import type { Actor } from "../domain/permissions.ts";
import type { Queryable } from "../store/db.ts";
import { nextSessionsOf } from "../store/series/nextSessions.ts";
import type { SeriesRecord } from "../store/series/seriesRecord.ts";
import type { SeriesView } from "./contract.ts";

const NEXT_SESSIONS = 3;

export async function toSeriesViews(db: Queryable, viewer: Actor, records: readonly SeriesRecord[], now: Date): Promise<SeriesView[]> {
  const next = await nextSessionsOf(db, records.map((record) => record.id), now, NEXT_SESSIONS);
  return records.map((record) => ({
    id: record.id,
    title: record.title,
    host: { id: record.hostId, name: record.hostName },
    hostedByMe: record.hostId === viewer.id,
    rule: record.schedule.rule,
    description: describeRule(record.schedule.rule),
    firstStart: record.schedule.firstStart,
    timeZone: record.schedule.timeZone,
    durationMin: record.schedule.durationMin,
    notes: record.notes,
    participants: record.participants,
    status: record.status,
    nextSessions: (next.get(record.id) ?? []).map((session) => ({ id: session.id, startsAt: session.startsAt.toISOString() })),
  }));
}
