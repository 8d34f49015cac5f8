// Expands a recurrence (patternedRecurrence) into occurrence start instants, in the series' own
// time zone so a weekly 9:00 stays 9:00 across daylight saving changes.
import { Temporal } from "temporal-polyfill";
import type { StoredRecurrence } from "./model.ts";
import { resolveZone, UTC_ZONE } from "./timeZones.ts";

const DAY_NUMBERS: Readonly<Record<string, number>> = { monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7 };
const WEEK_INDEX: Readonly<Record<string, number>> = { first: 0, second: 1, third: 2, fourth: 3, last: -1 };
// A series without an end is expanded only as far as a window reaches; this bounds a runaway loop.
const MAX_CANDIDATES = 200_000;

export interface SeriesStart {
  /** The master's start instant (epoch ms); its wall-clock time is every occurrence's time. */
  startMs: number;
}

function weekdaysOf(recurrence: StoredRecurrence): Set<number> {
  return new Set(recurrence.pattern.daysOfWeek.map((day) => DAY_NUMBERS[day] ?? 0));
}

/** The index-th (or last) day in `month` whose weekday is in `days`. */
function relativeDay(month: Temporal.PlainYearMonth, days: Set<number>, index: string): Temporal.PlainDate | undefined {
  const matching: Temporal.PlainDate[] = [];
  for (let day = 1; day <= month.daysInMonth; day++) {
    const date = month.toPlainDate({ day });
    if (days.has(date.dayOfWeek)) matching.push(date);
  }
  const position = WEEK_INDEX[index] ?? 0;
  return position < 0 ? matching[matching.length - 1] : matching[position];
}

/** Candidate dates in order, from the range's start, unbounded (the caller stops). */
function* candidateDates(recurrence: StoredRecurrence): Generator<Temporal.PlainDate> {
  const { pattern } = recurrence;
  const first = Temporal.PlainDate.from(recurrence.range.startDate);
  const interval = Math.max(1, pattern.interval);
  const days = weekdaysOf(recurrence);
  switch (pattern.type) {
    case "daily":
      for (let date = first; ; date = date.add({ days: interval })) yield date;
    case "weekly": {
      const firstDay = DAY_NUMBERS[pattern.firstDayOfWeek] ?? 7;
      let weekStart = first.subtract({ days: (first.dayOfWeek - firstDay + 7) % 7 });
      for (;;) {
        for (let offset = 0; offset < 7; offset++) {
          const date = weekStart.add({ days: offset });
          if (days.has(date.dayOfWeek) && Temporal.PlainDate.compare(date, first) >= 0) yield date;
        }
        weekStart = weekStart.add({ weeks: interval });
      }
    }
    case "absoluteMonthly":
    case "relativeMonthly":
    case "absoluteYearly":
    case "relativeYearly": {
      const yearly = pattern.type.endsWith("Yearly");
      let month = yearly
        ? Temporal.PlainYearMonth.from({ year: first.year, month: pattern.month || first.month })
        : Temporal.PlainYearMonth.from({ year: first.year, month: first.month });
      for (;;) {
        const date = pattern.type.startsWith("absolute")
          ? pattern.dayOfMonth <= month.daysInMonth
            ? month.toPlainDate({ day: pattern.dayOfMonth || first.day })
            : undefined
          : relativeDay(month, days, pattern.index);
        if (date && Temporal.PlainDate.compare(date, first) >= 0) yield date;
        month = month.add(yearly ? { years: interval } : { months: interval });
      }
    }
    default:
      return;
  }
}

/**
 * Start instants of the occurrences that begin before `untilMs`, in order, honouring the range
 * (endDate inclusive, numberOfOccurrences, or no end).
 */
export function occurrenceStarts(recurrence: StoredRecurrence, series: SeriesStart, untilMs: number): number[] {
  const zone = resolveZone(recurrence.range.recurrenceTimeZone) ?? UTC_ZONE;
  const time = Temporal.Instant.fromEpochMilliseconds(series.startMs).toZonedDateTimeISO(zone.iana).toPlainTime();
  const endDate = recurrence.range.type === "endDate" ? Temporal.PlainDate.from(recurrence.range.endDate) : undefined;
  const limit = recurrence.range.type === "numbered" ? recurrence.range.numberOfOccurrences : Number.POSITIVE_INFINITY;
  const starts: number[] = [];
  let examined = 0;
  for (const date of candidateDates(recurrence)) {
    if (++examined > MAX_CANDIDATES || starts.length >= limit) break;
    if (endDate && Temporal.PlainDate.compare(date, endDate) > 0) break;
    const start = date.toZonedDateTime({ timeZone: zone.iana, plainTime: time }).epochMilliseconds;
    if (start >= untilMs) break;
    starts.push(start);
  }
  return starts;
}
