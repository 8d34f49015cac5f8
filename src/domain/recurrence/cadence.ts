/**
 * The calendar side of a series: which local dates it falls on, each with its stable index,
 * without any time zone. A series is cut into periods (a day, a week or a month, times the
 * interval) so that a window years after the first start is reached by arithmetic on
 * periods instead of walking every date before it.
 */
import { Temporal } from "temporal-polyfill";
import type { MonthlyDay, Weekday, WeekdayOrdinal } from "./rule.ts";

type PlainDate = Temporal.PlainDate;

/** What a rule picks within its periods, with the parts each frequency needs made required. */
export type Pattern =
  | { frequency: "daily" }
  | { frequency: "weekly"; weekdays: readonly Weekday[] }
  | { frequency: "monthly"; monthly: MonthlyDay };

/** A checked rule anchored at its first date: the input of the date arithmetic. */
export interface AnchoredRule {
  pattern: Pattern;
  interval: number;
  firstDate: PlainDate;
  /** Inclusive. */
  untilDate: PlainDate | undefined;
  maxCount: number | undefined;
}

/** A series' periods, numbered from 0 (the period holding the first start). */
interface Cadence {
  /** The period holding `date`; negative before the series. */
  periodOf(date: PlainDate): number;
  firstDayOf(period: number): PlainDate;
  /** The dates the rule picks in `period`, ascending, including any before the first start. */
  datesIn(period: number): PlainDate[];
  /** How many occurrences the periods before `period` hold. */
  occurrencesBefore(period: number): number;
}

export interface SeriesDate {
  index: number;
  date: PlainDate;
}

/**
 * The series' dates on or after `fromDate` and on or before `toDate`, in order, each with
 * its index counted from the first start. Ends at the rule's end or at `toDate`, whichever
 * comes first, so a series that never ends is only ever walked through a finite range.
 */
export function* seriesDates(rule: AnchoredRule, range: { fromDate: PlainDate; toDate: PlainDate }): Generator<SeriesDate> {
  const { firstDate } = rule;
  const cadence = cadenceOf(rule);
  const lastDate = earlier(range.toDate, rule.untilDate);
  const maxCount = rule.maxCount ?? Number.POSITIVE_INFINITY;
  let period = Math.max(0, cadence.periodOf(range.fromDate));
  let index = cadence.occurrencesBefore(period);
  for (; index < maxCount && isOnOrBefore(cadence.firstDayOf(period), lastDate); period += 1) {
    for (const date of cadence.datesIn(period)) {
      if (isBefore(date, firstDate)) continue;
      if (index >= maxCount || isBefore(lastDate, date)) return;
      if (!isBefore(date, range.fromDate)) yield { index, date };
      index += 1;
    }
  }
}

function cadenceOf({ pattern, interval, firstDate }: AnchoredRule): Cadence {
  switch (pattern.frequency) {
    case "daily":
      return dailyCadence(interval, firstDate);
    case "weekly":
      return weeklyCadence(interval, pattern.weekdays, firstDate);
    case "monthly":
      return monthlyCadence(interval, pattern.monthly, firstDate);
  }
}

function dailyCadence(interval: number, firstDate: PlainDate): Cadence {
  const firstDayOf = (period: number) => firstDate.add({ days: period * interval });
  return {
    periodOf: (date) => Math.floor(daysBetween(firstDate, date) / interval),
    firstDayOf,
    datesIn: (period) => [firstDayOf(period)],
    occurrencesBefore: (period) => period,
  };
}

/** Weeks run Monday to Sunday (RFC 5545's default week start), the first being firstDate's. */
function weeklyCadence(interval: number, weekdays: readonly Weekday[], firstDate: PlainDate): Cadence {
  const days = [...new Set(weekdays)].sort((a, b) => a - b);
  const firstMonday = firstDate.subtract({ days: firstDate.dayOfWeek - 1 });
  const firstDayOf = (period: number) => firstMonday.add({ weeks: period * interval });
  const inFirstWeek = days.filter((day) => day >= firstDate.dayOfWeek).length;
  return {
    periodOf: (date) => Math.floor(daysBetween(firstMonday, date) / (7 * interval)),
    firstDayOf,
    datesIn: (period) => days.map((day) => firstDayOf(period).add({ days: day - 1 })),
    occurrencesBefore: (period) => (period <= 0 ? 0 : inFirstWeek + (period - 1) * days.length),
  };
}

/**
 * Months without the chosen day are skipped, never clamped (RFC 5545): "the 31st" has no
 * February occurrence. Periods hold zero or one occurrence, so counting them means visiting
 * each earlier period: a month at a time, which stays cheap.
 */
function monthlyCadence(interval: number, monthly: MonthlyDay, firstDate: PlainDate): Cadence {
  const firstMonth = firstDate.toPlainYearMonth();
  const monthOf = (period: number) => firstMonth.add({ months: period * interval });
  const datesIn = (period: number) => {
    const date = dayInMonth(monthOf(period), monthly);
    return date === undefined ? [] : [date];
  };
  return {
    periodOf: (date) => Math.floor(firstMonth.until(date.toPlainYearMonth(), { largestUnit: "months" }).months / interval),
    firstDayOf: (period) => monthOf(period).toPlainDate({ day: 1 }),
    datesIn,
    occurrencesBefore: (period) => {
      let count = 0;
      for (let earlierPeriod = 0; earlierPeriod < period; earlierPeriod += 1) {
        count += datesIn(earlierPeriod).filter((date) => !isBefore(date, firstDate)).length;
      }
      return count;
    },
  };
}

function dayInMonth(month: Temporal.PlainYearMonth, monthly: MonthlyDay): PlainDate | undefined {
  if (monthly.kind === "dayOfMonth") {
    return monthly.day <= month.daysInMonth ? month.toPlainDate({ day: monthly.day }) : undefined;
  }
  return nthWeekdayOf(month, monthly.nth, monthly.weekday);
}

function nthWeekdayOf(month: Temporal.PlainYearMonth, nth: WeekdayOrdinal, weekday: Weekday): PlainDate | undefined {
  if (nth === -1) {
    const lastDay = month.toPlainDate({ day: month.daysInMonth });
    return lastDay.subtract({ days: (lastDay.dayOfWeek - weekday + 7) % 7 });
  }
  const firstDay = month.toPlainDate({ day: 1 });
  const day = 1 + ((weekday - firstDay.dayOfWeek + 7) % 7) + 7 * (nth - 1);
  return day <= month.daysInMonth ? month.toPlainDate({ day }) : undefined;
}

function daysBetween(from: PlainDate, to: PlainDate): number {
  return from.until(to, { largestUnit: "days" }).days;
}

function isBefore(a: PlainDate, b: PlainDate): boolean {
  return Temporal.PlainDate.compare(a, b) < 0;
}

function isOnOrBefore(a: PlainDate, b: PlainDate): boolean {
  return Temporal.PlainDate.compare(a, b) <= 0;
}

function earlier(a: PlainDate, b: PlainDate | undefined): PlainDate {
  return b !== undefined && isBefore(b, a) ? b : a;
}
