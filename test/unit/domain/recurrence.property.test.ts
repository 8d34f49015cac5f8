import fc from "fast-check";
import rrulePackage from "rrule";
import { Temporal } from "temporal-polyfill";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  occurrences,
  type MonthlyDay,
  type OccurrenceWindow,
  type RecurrenceRule,
  type SeriesEnd,
  type SeriesSchedule,
  type Weekday,
} from "../../../src/domain/recurrence.ts";

// rrule ships CommonJS without named exports Node can detect.
const { RRule } = rrulePackage;
type RRuleOptions = ConstructorParameters<typeof RRule>[0];

const NUM_RUNS = 150;

// Zones with daylight saving in both hemispheres, a half-hour one, and none.
const ZONES = ["UTC", "America/New_York", "Australia/Sydney", "Europe/London", "Australia/Adelaide", "Asia/Calcutta"];

const plainDate = (from: string, days: number) => Temporal.PlainDate.from(from).add({ days });

const weekdayArb = fc.constantFrom<Weekday>(1, 2, 3, 4, 5, 6, 7);

const monthlyArb: fc.Arbitrary<MonthlyDay> = fc.oneof(
  fc.record({ kind: fc.constant("dayOfMonth" as const), day: fc.integer({ min: 1, max: 31 }) }),
  fc.record({ kind: fc.constant("nthWeekday" as const), nth: fc.constantFrom(1, 2, 3, 4, 5, -1 as const), weekday: weekdayArb }),
);

/** Small intervals most of the time, where most occurrences fall in a window. */
const intervalArb = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 99 }) });

function endArb(firstDate: string): fc.Arbitrary<SeriesEnd> {
  return fc.oneof(
    fc.constant({ kind: "never" as const }),
    fc.integer({ min: 1, max: 730 }).map((count) => ({ kind: "count" as const, count })),
    fc.integer({ min: 0, max: 1500 }).map((days) => ({ kind: "until" as const, date: plainDate(firstDate, days).toString() })),
  );
}

function ruleArb(firstDate: string): fc.Arbitrary<RecurrenceRule> {
  return fc.oneof(
    fc.record({ frequency: fc.constant("daily" as const), interval: intervalArb, end: endArb(firstDate) }),
    fc.record({
      frequency: fc.constant("weekly" as const),
      interval: intervalArb,
      weekdays: fc.uniqueArray(weekdayArb, { minLength: 1, maxLength: 7 }),
      end: endArb(firstDate),
    }),
    fc.record({ frequency: fc.constant("monthly" as const), interval: intervalArb, monthly: monthlyArb, end: endArb(firstDate) }),
  );
}

const timeOfDayArb = (maxHour: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: maxHour }), fc.constantFrom(0, 15, 30, 45))
    .map(([hour, minute]) => Temporal.PlainTime.from({ hour, minute }).toString({ smallestUnit: "minute" }));
/** Night-time starts are over-represented: that is when clocks change. */
const timeArb = fc.oneof(timeOfDayArb(23), timeOfDayArb(3));

function scheduleArb(zones: readonly string[]): fc.Arbitrary<SeriesSchedule> {
  return fc
    .record({ dayOffset: fc.integer({ min: 0, max: 365 * 10 }), time: timeArb, timeZone: fc.constantFrom(...zones), durationMin: fc.integer({ min: 5, max: 720 }) })
    .chain(({ dayOffset, time, timeZone, durationMin }) => {
      const date = plainDate("2020-01-01", dayOffset).toString();
      return ruleArb(date).map((rule) => ({ rule, firstStart: { date, time }, timeZone, durationMin }));
    });
}

/** A window around the series' start: sometimes before it, sometimes years after. */
function windowArb(series: SeriesSchedule): fc.Arbitrary<OccurrenceWindow> {
  const startOfFirstDay = Temporal.PlainDate.from(series.firstStart.date).toZonedDateTime("UTC").toInstant();
  return fc.record({ offsetMin: fc.integer({ min: -60 * 24 * 60, max: 60 * 24 * 365 * 6 }), lengthMin: fc.integer({ min: 1, max: 60 * 24 * 400 }) }).map(({ offsetMin, lengthMin }) => {
    const from = startOfFirstDay.add({ minutes: offsetMin });
    return { from: new Date(from.epochMilliseconds), to: new Date(from.add({ minutes: lengthMin }).epochMilliseconds) };
  });
}

const seriesAndWindow = (zones: readonly string[]) => scheduleArb(zones).chain((series) => windowArb(series).map((window) => ({ series, window })));

/** A night-time daily series through a whole year: it meets every clock change of that year. */
const throughClockChanges = fc
  .record({ year: fc.integer({ min: 2020, max: 2035 }), time: timeOfDayArb(3), timeZone: fc.constantFrom(...ZONES.filter((zone) => zone !== "UTC")) })
  .map(({ year, time, timeZone }) => ({
    series: { rule: { frequency: "daily", interval: 1, end: { kind: "never" } }, firstStart: { date: `${year}-01-01`, time }, timeZone, durationMin: 30 } satisfies SeriesSchedule,
    window: { from: new Date(Date.UTC(year - 1, 11, 31)), to: new Date(Date.UTC(year + 1, 0, 2)) },
  }));

describe("occurrences never skip nor duplicate", () => {
  it("a window split anywhere gives the same occurrences as the whole", () => {
    fc.assert(
      fc.property(seriesAndWindow(ZONES), fc.double({ min: 0, max: 1, noNaN: true }), ({ series, window }, fraction) => {
        const splitMs = Math.floor(window.from.getTime() + fraction * (window.to.getTime() - window.from.getTime()));
        const split = new Date(splitMs);
        const whole = occurrences(series, window);
        const pieces = [...occurrences(series, { from: window.from, to: split }), ...occurrences(series, { from: split, to: window.to })];
        expect(pieces).toEqual(whole);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("starts strictly increase, indexes are consecutive and match a window from the first start", () => {
    fc.assert(
      fc.property(seriesAndWindow(ZONES), ({ series, window }) => {
        const found = occurrences(series, window);
        for (const [earlier, later] of found.slice(1).map((occurrence, i) => [found[i], occurrence] as const)) {
          expect(later.startsAt.getTime()).toBeGreaterThan(earlier?.startsAt.getTime() ?? Number.NEGATIVE_INFINITY);
          expect(later.index).toBe((earlier?.index ?? Number.NaN) + 1);
        }
        const [first] = found;
        if (first === undefined) return;
        // Everything from the series' start up to the window's end, counted from scratch.
        const beforeTheStart = Temporal.PlainDate.from(series.firstStart.date).subtract({ days: 2 }).toZonedDateTime("UTC");
        const fromTheStart = occurrences(series, { from: new Date(beforeTheStart.epochMilliseconds), to: window.to });
        expect(fromTheStart.slice(first.index)).toEqual(found);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("each occurrence keeps the series' wall-clock time, unless the clock skips it that day", () => {
    fc.assert(
      fc.property(fc.oneof(seriesAndWindow(ZONES), throughClockChanges), ({ series, window }) => {
        for (const occurrence of occurrences(series, window)) {
          const wall = Temporal.PlainDateTime.from(`${occurrence.localDate}T${series.firstStart.time}`);
          const start = Temporal.Instant.fromEpochMilliseconds(occurrence.startsAt.getTime()).toZonedDateTimeISO(series.timeZone);
          const earliest = wall.toZonedDateTime(series.timeZone, { disambiguation: "earlier" });
          if (earliest.toPlainDateTime().equals(wall)) {
            expect(start.toString()).toBe(earliest.toString());
          } else {
            expect(Temporal.PlainDateTime.compare(start.toPlainDateTime(), wall)).toBe(1);
          }
          expect(Temporal.Instant.fromEpochMilliseconds(occurrence.endsAt.getTime()).since(start.toInstant()).total("minutes")).toBe(series.durationMin);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("occurrences agree with rrule for series in UTC", () => {
  // The issue asks for rrule's expansion computed under TZ=UTC: rrule's floating dates are
  // only reliable there.
  beforeAll(() => {
    vi.stubEnv("TZ", "UTC");
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it("the same start instants in any window", () => {
    fc.assert(
      fc.property(seriesAndWindow(["UTC"]), ({ series, window }) => {
        const ours = occurrences(series, window).map((occurrence) => occurrence.startsAt.toISOString());
        const theirs = new RRule(rruleOptions(series))
          .between(window.from, window.to, true)
          .filter((start) => start.getTime() < window.to.getTime())
          .map((start) => start.toISOString());
        expect(ours).toEqual(theirs);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

/** The same series, written for rrule by hand (RFC 5545 terms; rrule numbers weekdays 0 = Monday). */
function rruleOptions({ rule, firstStart }: SeriesSchedule): Partial<RRuleOptions> {
  const dtstart = utcDate(`${firstStart.date}T${firstStart.time}`);
  const frequencies = { daily: RRule.DAILY, weekly: RRule.WEEKLY, monthly: RRule.MONTHLY };
  const options: Partial<RRuleOptions> = { freq: frequencies[rule.frequency], interval: rule.interval, dtstart, wkst: RRule.MO };
  if (rule.frequency === "weekly") options.byweekday = (rule.weekdays ?? []).map((day) => day - 1);
  if (rule.monthly?.kind === "dayOfMonth") options.bymonthday = [rule.monthly.day];
  if (rule.monthly?.kind === "nthWeekday") options.byweekday = [new rrulePackage.Weekday(rule.monthly.weekday - 1, rule.monthly.nth)];
  if (rule.end.kind === "count") options.count = rule.end.count;
  if (rule.end.kind === "until") options.until = utcDate(`${rule.end.date}T23:59:59`);
  return options;
}

function utcDate(isoLocal: string): Date {
  return new Date(Temporal.PlainDateTime.from(isoLocal).toZonedDateTime("UTC").epochMilliseconds);
}
