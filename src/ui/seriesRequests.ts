/**
 * Turns what the session form sends into the series API's requests: a new series from a
 * session with a repeat rule, and an edit of "this and following" or the whole series that
 * carries only what the person changed (so a session edited on its own never imposes its
 * other differences on the series).
 */
import type { RecurrenceRule } from "../domain/recurrence/rule.ts";
import type { CreateSeriesRequest, EditSeriesRequest } from "../server/contract.ts";
import { changedFields, type SessionRequest } from "./sessionDraft.ts";
import { instantToWallClock } from "./time.ts";

export function createSeriesRequest(request: SessionRequest, rule: RecurrenceRule): CreateSeriesRequest {
  const { startsAt, ...template } = request;
  return { ...template, rule, firstStart: instantToWallClock(startsAt, request.timeZone) };
}

export function editSeriesRequest(
  scope: "following" | "series",
  sessionId: string,
  before: { request: SessionRequest; rule: RecurrenceRule },
  after: { request: SessionRequest; rule: RecurrenceRule },
): EditSeriesRequest {
  const { startsAt, ...changes } = changedFields(before.request, after.request);
  const ruleChanged = JSON.stringify(before.rule) !== JSON.stringify(after.rule);
  const wasAt = instantToWallClock(before.request.startsAt, before.request.timeZone);
  const isAt = instantToWallClock(after.request.startsAt, after.request.timeZone);
  const moved = startsAt !== undefined || changes.timeZone !== undefined;
  const timing = {
    ...(moved && isAt.time !== wasAt.time ? { startTime: isAt.time } : {}),
    ...(ruleChanged ? { rule: after.rule } : {}),
  };
  if (scope === "series") return { scope, ...changes, ...timing };
  return { scope, sessionId, ...changes, ...timing, ...(moved && isAt.date !== wasAt.date ? { startDate: isAt.date } : {}) };
}

/** Whether the form holds any change at all, repeat rule included. */
export function anythingChanged(before: { request: SessionRequest; rule: RecurrenceRule | null }, after: { request: SessionRequest; rule: RecurrenceRule | null }): boolean {
  return Object.keys(changedFields(before.request, after.request)).length > 0 || JSON.stringify(before.rule) !== JSON.stringify(after.rule);
}
