/**
 * Every change to a recurring series, each inside the caller's transaction: create it (and
 * materialise its first horizon at once), edit the whole series or this and the following
 * sessions (a split), cancel likewise. Sessions a change makes or alters are marked dirty
 * in the same transaction, so Outlook follows; nothing here talks to Microsoft.
 */
import { appError } from "../domain/errors.ts";
import { maySchedule } from "../domain/permissions.ts";
import { validateSeriesSchedule, type Occurrence, type SeriesSchedule } from "../domain/recurrence.ts";
import { endingBefore, firstOccurrences, nextOccurrence, reanchoredAt, sameTiming } from "../domain/seriesEdits.ts";
import { isPlausibleStart } from "../domain/sessionRules.ts";
import type { UserId } from "../domain/types.ts";
import { appendAudit } from "../store/audit/appendAudit.ts";
import type { SignedInUser } from "../store/authSessions.ts";
import type { Tx } from "../store/db.ts";
import { markSessionsDirty } from "../store/mirror/markSessionsDirty.ts";
import { cancelSeriesSessions, followSeries, moveSessionsToSeries } from "../store/series/followSeries.ts";
import { horizonDaysOf, materializeUntil } from "../store/series/horizon.ts";
import { materializeSeries } from "../store/series/materializeSeries.ts";
import { lockSeries, type SeriesRecord } from "../store/series/seriesRecord.ts";
import { seriesOccurrenceOf } from "../store/series/seriesSession.ts";
import { endSeries, insertSeries, updateSeries, type SeriesDefinition } from "../store/series/writeSeries.ts";
import type { CancelSeriesRequestSchema, CreateSeriesRequestSchema, EditSeriesRequestSchema } from "./contract.ts";
import { requireEligibleHost } from "./hostEligibility.ts";
import type { z } from "zod";

type CreateSeries = z.output<typeof CreateSeriesRequestSchema>;
type EditSeries = z.output<typeof EditSeriesRequestSchema>;
type CancelSeries = z.output<typeof CancelSeriesRequestSchema>;

export interface ChangeContext {
  tx: Tx;
  user: SignedInUser;
  now: Date;
}

/** Checks everything that needs no database first, so a refused request costs nothing. */
export function checkNewSeries(user: SignedInUser, request: CreateSeries, now: Date): SeriesSchedule {
  if (!maySchedule(user, request.hostId as UserId)) throw appError("AUTH_FORBIDDEN");
  const schedule: SeriesSchedule = { rule: request.rule, firstStart: request.firstStart, timeZone: request.timeZone, durationMin: request.durationMin };
  validateSeriesSchedule(schedule);
  requirePlausibleFirstStart(schedule, now);
  return schedule;
}

export async function createSeries({ tx, user, now }: ChangeContext, request: CreateSeries, schedule: SeriesSchedule): Promise<string> {
  await requireEligibleHost(tx, user.orgId, request.hostId);
  const { title, notes, participants, hostId } = request;
  const id = await insertSeries(tx, user.orgId, user.id, { hostId: hostId as UserId, title, notes, participants, schedule, occurrenceIndexBase: 0 });
  const made = await materialize(tx, await relock(tx, user.orgId, id), now);
  await audit(tx, user, "series.created", hostId, { seriesId: id, sessionsMade: made });
  return id;
}

/** Edits the whole series or, from one of its sessions on, splits it; returns the series now holding those sessions. */
export async function editSeries(context: ChangeContext, record: SeriesRecord, request: EditSeries): Promise<string> {
  const { tx, user, now } = context;
  requireNotCancelled(record);
  const { template, timing } = mergedChanges(record, request);
  if (template.hostId !== record.hostId) {
    if (!maySchedule(user, template.hostId)) throw appError("AUTH_FORBIDDEN");
    await requireEligibleHost(tx, user.orgId, template.hostId);
  }
  const from = request.scope === "following" ? await occurrenceOfSession(context, record, request.sessionId) : nextOf(record, now);
  const startDate = request.scope === "following" ? request.startDate : undefined;
  // A new timing restarts the rule at `from`; the index base then keeps every stored
  // occurrence where it is. Otherwise the rule stays as it was written.
  const { rule, time, timeZone, durationMin } = timing;
  const rewritten: SeriesSchedule = { rule, firstStart: { date: record.schedule.firstStart.date, time }, timeZone, durationMin };
  const keepsTiming = request.scope === "series" && sameTiming(record.schedule, rewritten);
  const anchored = reanchoredAt(from, timing);
  const schedule = keepsTiming ? rewritten : { ...anchored, firstStart: { ...anchored.firstStart, date: startDate ?? anchored.firstStart.date } };
  validateSeriesSchedule(schedule);
  if (startDate !== undefined) requirePlausibleFirstStart(schedule, now);
  const fromIndex = record.occurrenceIndexBase + from.index;

  if (request.scope === "following" && from.index > 0) {
    // A split: the series ends the day before, a new one holds this session and the following.
    await endSeries(tx, record.id, "ended", endingBefore(record.schedule.rule, from.localDate));
    const newId = await insertSeries(tx, user.orgId, record.createdBy, { ...template, schedule, occurrenceIndexBase: 0 });
    await moveSessionsToSeries(tx, { seriesId: record.id, occurrenceIndex: fromIndex }, newId);
    await follow(tx, await relock(tx, user.orgId, newId), 0, now);
    await audit(tx, user, "series.split", template.hostId, { seriesId: record.id, newSeriesId: newId, changed: changedKeys(request) });
    return newId;
  }

  const definition: SeriesDefinition = { ...template, schedule, occurrenceIndexBase: keepsTiming ? record.occurrenceIndexBase : fromIndex };
  await updateSeries(tx, record.id, definition, !keepsTiming);
  await follow(tx, { ...record, ...definition, materializedUntil: keepsTiming ? record.materializedUntil : null }, fromIndex, now);
  await audit(tx, user, "series.updated", template.hostId, { seriesId: record.id, scope: request.scope, changed: changedKeys(request) });
  return record.id;
}

/** Cancels the whole series' sessions that have not started, or this session and the following. */
export async function cancelSeries(context: ChangeContext, record: SeriesRecord, request: CancelSeries): Promise<void> {
  const { tx, user, now } = context;
  // Like a session's, a second cancel of the whole series changes nothing.
  if (record.status === "cancelled") return;
  let cancelled: string[];
  if (request.scope === "following") {
    const from = await occurrenceOfSession(context, record, request.sessionId);
    cancelled = await cancelSeriesSessions(tx, record.id, { occurrenceIndex: record.occurrenceIndexBase + from.index });
    if (from.index > 0) await endSeries(tx, record.id, "ended", endingBefore(record.schedule.rule, from.localDate));
    else await endSeries(tx, record.id, "cancelled");
  } else {
    cancelled = await cancelSeriesSessions(tx, record.id, { startingAfter: now });
    await endSeries(tx, record.id, "cancelled");
  }
  await markSessionsDirty(tx, cancelled);
  await audit(tx, user, "series.cancelled", record.hostId, { seriesId: record.id, scope: request.scope, sessionsCancelled: cancelled.length });
}

/** The series' template and timing with the request's changes applied. */
function mergedChanges(record: SeriesRecord, request: EditSeries) {
  const { schedule } = record;
  return {
    template: {
      hostId: (request.hostId ?? record.hostId) as UserId,
      title: request.title ?? record.title,
      notes: request.notes === undefined ? record.notes : request.notes,
      participants: request.participants ?? record.participants,
    },
    timing: {
      rule: request.rule ?? schedule.rule,
      time: request.startTime ?? schedule.firstStart.time,
      timeZone: request.timeZone ?? schedule.timeZone,
      durationMin: request.durationMin ?? schedule.durationMin,
    },
  };
}

/** The occurrence a session of this series stands for, under the series' current rule. */
async function occurrenceOfSession({ tx, user }: ChangeContext, record: SeriesRecord, sessionId: string): Promise<Occurrence> {
  const found = await seriesOccurrenceOf(tx, user.orgId, sessionId);
  const index = found?.seriesId === record.id ? found.occurrenceIndex - record.occurrenceIndexBase : -1;
  const occurrence = index < 0 ? undefined : firstOccurrences(record.schedule, index + 1)[index];
  if (occurrence === undefined) throw appError("SERIES_SESSION_MISMATCH", { fields: { sessionId: "is not a session of this series" } });
  return occurrence;
}

/** The whole series changes from its next occurrence on: past sessions never change. */
function nextOf(record: SeriesRecord, now: Date): Occurrence {
  const next = nextOccurrence(record.schedule, now);
  if (next === undefined) throw appError("SERIES_ENDED");
  return next;
}

/** A series whose rule ran out can still be edited while it has sessions ahead; a cancelled one cannot. */
function requireNotCancelled(record: SeriesRecord): void {
  if (record.status === "cancelled") throw appError("SERIES_ENDED");
}

function requirePlausibleFirstStart(schedule: SeriesSchedule, now: Date): void {
  const [first] = firstOccurrences(schedule, 1);
  if (first !== undefined && !isPlausibleStart(first.startsAt, now)) {
    throw appError("SESSION_START_OUT_OF_RANGE", { fields: { "firstStart.date": "must be within a day before now and two years after" } });
  }
}

/** Re-times the sessions from `fromIndex` on, materialises what is now due, and marks all of them dirty. */
async function follow(tx: Tx, record: SeriesRecord, fromIndex: number, now: Date): Promise<void> {
  const changed = await followSeries(tx, record, fromIndex);
  await markSessionsDirty(tx, changed);
  await materialize(tx, record, now);
}

async function materialize(tx: Tx, record: SeriesRecord, now: Date): Promise<number> {
  const made = await materializeSeries(tx, [record], materializeUntil(now, await horizonDaysOf(tx, record.orgId)));
  return made.length;
}

async function relock(tx: Tx, orgId: string, seriesId: string): Promise<SeriesRecord> {
  const record = await lockSeries(tx, orgId, seriesId);
  if (record === undefined) throw new Error(`series ${seriesId} vanished inside its own transaction`);
  return record;
}

function changedKeys(request: EditSeries): string[] {
  return Object.keys(request).filter((key) => key !== "scope" && key !== "sessionId");
}

async function audit(tx: Tx, user: SignedInUser, kind: string, hostId: string, details: Record<string, unknown>): Promise<void> {
  await appendAudit(tx, { orgId: user.orgId, actorId: user.id, kind, subjectUserId: hostId, details });
}
