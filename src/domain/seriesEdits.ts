/**
 * The schedule arithmetic behind editing a series: finding an occurrence by position or by
 * time, re-anchoring a schedule at one of its occurrences, and ending a series the day
 * before one. Pure, like the recurrence engine it builds on.
 */
import { Temporal } from "temporal-polyfill";
import { occurrences, type Occurrence, type RecurrenceRule, type SeriesSchedule } from "./recurrence.ts";

/** Past every series' end: the engine stops at the rule's end or at the limit long before. */
const FAR_YEARS = 400;

/** A window from two days before the first start (any zone's offset) to far beyond it. */
function wholeSeries(schedule: SeriesSchedule): { from: Date; to: Date } {
  const firstDayMs = Date.parse(`${schedule.firstStart.date}T00:00:00Z`);
  const from = new Date(firstDayMs - 2 * 86_400_000);
  const to = new Date(from);
  to.setUTCFullYear(to.getUTCFullYear() + FAR_YEARS);
  return { from, to };
}

/** The occurrences with index 0 … `count` − 1 (fewer when the series ends before). */
export function firstOccurrences(schedule: SeriesSchedule, count: number): Occurrence[] {
  return count <= 0 ? [] : occurrences(schedule, wholeSeries(schedule), { limit: count });
}

/** The first occurrence starting at or after `instant`, if the series has one. */
export function nextOccurrence(schedule: SeriesSchedule, instant: Date): Occurrence | undefined {
  const to = new Date(instant);
  to.setUTCFullYear(to.getUTCFullYear() + FAR_YEARS);
  return occurrences(schedule, { from: instant, to }, { limit: 1 })[0];
}

/**
 * The schedule restarted at `occurrence` (the new first start is its local date at `time`),
 * with the parts of `change` applied. Occurrences before it are already behind the series,
 * so an end "after N sessions" keeps counting where it was: N minus the ones before.
 */
export function reanchoredAt(
  occurrence: Pick<Occurrence, "index" | "localDate">,
  change: { rule: RecurrenceRule; time: string; timeZone: string; durationMin: number },
): SeriesSchedule {
  const { end } = change.rule;
  return {
    rule: end.kind === "count" ? { ...change.rule, end: { kind: "count", count: end.count - occurrence.index } } : change.rule,
    firstStart: { date: occurrence.localDate, time: change.time },
    timeZone: change.timeZone,
    durationMin: change.durationMin,
  };
}

/** The rule ending on the day before `localDate` ("YYYY-MM-DD"): splitting a series there. */
export function endingBefore(rule: RecurrenceRule, localDate: string): RecurrenceRule {
  const lastDay = Temporal.PlainDate.from(localDate).subtract({ days: 1 }).toString();
  return { ...rule, end: { kind: "until", date: lastDay } };
}

/** Whether two schedules produce the same instants (the rule, the wall-clock time and the zone). */
export function sameTiming(a: SeriesSchedule, b: SeriesSchedule): boolean {
  return (
    a.firstStart.date === b.firstStart.date &&
    a.firstStart.time === b.firstStart.time &&
    a.timeZone === b.timeZone &&
    canonicalJson(a.rule) === canonicalJson(b.rule)
  );
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([x], [y]) => x.localeCompare(y)))
      : inner,
  );
}
