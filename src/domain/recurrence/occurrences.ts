/**
 * The occurrences of a series that start within a window, as instants: each keeps the
 * series' wall-clock time in its own time zone, whatever daylight saving does.
 */
import { Temporal } from "temporal-polyfill";
import { seriesDates } from "./cadence.ts";
import type { SeriesSchedule } from "./rule.ts";
import { checkSchedule, type CheckedSchedule } from "./validate.ts";

export interface Occurrence {
  /** 0-based position in the series: the n-th occurrence always has index n-1, whatever the window. */
  index: number;
  /** "YYYY-MM-DD" in the series' time zone. */
  localDate: string;
  startsAt: Date;
  endsAt: Date;
}

export interface OccurrenceWindow {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

/**
 * The occurrences starting in [from, to), in order, at most `limit` of them. Throws the
 * schedule's coded error if it is malformed. The work is bounded by the window, not by the
 * series: a window years ahead of the first start is reached without walking up to it
 * (monthly series count the months before it, one step per month).
 */
export function occurrences(schedule: SeriesSchedule, window: OccurrenceWindow, options: { limit?: number } = {}): Occurrence[] {
  const checked = checkSchedule(schedule);
  const from = Temporal.Instant.fromEpochMilliseconds(window.from.getTime());
  const to = Temporal.Instant.fromEpochMilliseconds(window.to.getTime());
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const found: Occurrence[] = [];
  if (Temporal.Instant.compare(from, to) >= 0) return found;
  const range = {
    // A day's slack: a wall time skipped by a gap can move into the next local date (Samoa
    // skipped the whole of 30 December 2011). Dates after `to`'s local date start after it.
    fromDate: from.toZonedDateTimeISO(checked.timeZone).toPlainDate().subtract({ days: 1 }),
    toDate: to.toZonedDateTimeISO(checked.timeZone).toPlainDate(),
  };
  for (const { index, date } of seriesDates(checked.anchored, range)) {
    if (found.length >= limit) break;
    const start = startOn(date, checked);
    if (Temporal.Instant.compare(start.toInstant(), from) >= 0 && Temporal.Instant.compare(start.toInstant(), to) < 0) {
      found.push({
        index,
        localDate: date.toString(),
        startsAt: new Date(start.epochMilliseconds),
        // Minutes are exact time: a 60-minute session over a clock change still lasts an hour.
        endsAt: new Date(start.add({ minutes: checked.durationMin }).epochMilliseconds),
      });
    }
  }
  return found;
}

/**
 * "compatible" is RFC 5545's rule: a wall time skipped by a spring-forward
 * gap moves forward by the gap's length, and one repeated by a fall-back takes the earlier
 * (daylight-time) instant.
 */
function startOn(date: Temporal.PlainDate, { time, timeZone }: CheckedSchedule): Temporal.ZonedDateTime {
  return date.toPlainDateTime(time).toZonedDateTime(timeZone, { disambiguation: "compatible" });
}
