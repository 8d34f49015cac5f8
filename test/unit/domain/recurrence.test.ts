import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import type { ErrorCode } from "../../../src/domain/errors.ts";
import {
  SeriesScheduleSchema,
  describeRule,
  occurrences,
  validateSeriesSchedule,
  type OccurrenceWindow,
  type RecurrenceRule,
  type SeriesSchedule,
} from "../../../src/domain/recurrence.ts";

function schedule(rule: Partial<RecurrenceRule>, rest: Partial<SeriesSchedule> = {}): SeriesSchedule {
  return {
    rule: { frequency: "daily", interval: 1, end: { kind: "never" }, ...rule },
    firstStart: { date: "2025-01-01", time: "09:00" },
    timeZone: "UTC",
    durationMin: 60,
    ...rest,
  };
}

const at = (iso: string) => new Date(iso);
/** A window wide enough to hold every occurrence the tests below expect. */
const decade = { from: at("2015-01-01T00:00:00Z"), to: at("2035-01-01T00:00:00Z") };

function localDates(series: SeriesSchedule, window = decade): string[] {
  return occurrences(series, window).map((occurrence) => occurrence.localDate);
}

function startsUtc(series: SeriesSchedule, window = decade): string[] {
  return occurrences(series, window).map((occurrence) => occurrence.startsAt.toISOString());
}

function wallClock(instant: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone).toPlainTime().toString({ smallestUnit: "minute" });
}

describe("occurrences: dates a rule picks", () => {
  // prettier-ignore
  const table: Array<[name: string, series: SeriesSchedule, dates: string[], window?: OccurrenceWindow]> = [
    ["daily",
      schedule({ end: { kind: "count", count: 3 } }),
      ["2025-01-01", "2025-01-02", "2025-01-03"]],
    ["every 3 days",
      schedule({ interval: 3, end: { kind: "count", count: 3 } }),
      ["2025-01-01", "2025-01-04", "2025-01-07"]],
    ["until is inclusive of its local date",
      schedule({ end: { kind: "until", date: "2025-01-03" } }),
      ["2025-01-01", "2025-01-02", "2025-01-03"]],
    ["weekly: the first week is firstStart's, days before firstStart are not produced",
      // 2025-01-01 is a Wednesday: that week's Monday is before the series.
      schedule({ frequency: "weekly", interval: 2, weekdays: [4, 1], end: { kind: "count", count: 5 } }),
      ["2025-01-02", "2025-01-13", "2025-01-16", "2025-01-27", "2025-01-30"]],
    ["weekly: firstStart on a day the rule does not pick is not an occurrence",
      schedule({ frequency: "weekly", interval: 1, weekdays: [1], end: { kind: "count", count: 2 } }),
      ["2025-01-06", "2025-01-13"]],
    ["weekly: repeated weekdays count once",
      schedule({ frequency: "weekly", interval: 1, weekdays: [5, 5], end: { kind: "count", count: 2 } }),
      ["2025-01-03", "2025-01-10"]],
    ["weekly on Sunday: ISO weeks end on Sunday",
      schedule({ frequency: "weekly", interval: 2, weekdays: [7, 1], end: { kind: "count", count: 4 } }, { firstStart: { date: "2025-01-05", time: "09:00" } }),
      ["2025-01-05", "2025-01-13", "2025-01-19", "2025-01-27"]],
    ["monthly on the 15th every 2 months",
      schedule({ frequency: "monthly", interval: 2, monthly: { kind: "dayOfMonth", day: 15 }, end: { kind: "count", count: 3 } }),
      ["2025-01-15", "2025-03-15", "2025-05-15"]],
    ["monthly: a first start after the day waits for the next month",
      schedule({ frequency: "monthly", interval: 1, monthly: { kind: "dayOfMonth", day: 10 }, end: { kind: "count", count: 2 } }, { firstStart: { date: "2025-01-20", time: "09:00" } }),
      ["2025-02-10", "2025-03-10"]],
    ["the 31st skips months without one, never clamped",
      schedule({ frequency: "monthly", interval: 1, monthly: { kind: "dayOfMonth", day: 31 }, end: { kind: "count", count: 7 } }),
      ["2025-01-31", "2025-03-31", "2025-05-31", "2025-07-31", "2025-08-31", "2025-10-31", "2025-12-31"]],
    ["the 30th skips only February",
      schedule({ frequency: "monthly", interval: 1, monthly: { kind: "dayOfMonth", day: 30 }, end: { kind: "until", date: "2025-04-30" } }),
      ["2025-01-30", "2025-03-30", "2025-04-30"]],
    ["the 29th: February only in leap years",
      schedule({ frequency: "monthly", interval: 1, monthly: { kind: "dayOfMonth", day: 29 }, end: { kind: "until", date: "2028-03-29" } }, { firstStart: { date: "2028-01-01", time: "09:00" } }),
      ["2028-01-29", "2028-02-29", "2028-03-29"]],
    ["a leap day every 12 months: only in leap years",
      schedule({ frequency: "monthly", interval: 12, monthly: { kind: "dayOfMonth", day: 29 }, end: { kind: "count", count: 3 } }, { firstStart: { date: "2024-02-29", time: "09:00" } }),
      ["2024-02-29", "2028-02-29", "2032-02-29"]],
    ["a leap day every 12 months skips 2100, which is not a leap year",
      schedule({ frequency: "monthly", interval: 12, monthly: { kind: "dayOfMonth", day: 29 }, end: { kind: "count", count: 2 } }, { firstStart: { date: "2096-02-29", time: "09:00" } }),
      ["2096-02-29", "2104-02-29"], { from: at("2096-01-01T00:00:00Z"), to: at("2105-01-01T00:00:00Z") }],
    ["5th Monday skips months with only four",
      schedule({ frequency: "monthly", interval: 1, monthly: { kind: "nthWeekday", nth: 5, weekday: 1 }, end: { kind: "count", count: 4 } }),
      ["2025-03-31", "2025-06-30", "2025-09-29", "2025-12-29"]],
    ["last Friday",
      schedule({ frequency: "monthly", interval: 1, monthly: { kind: "nthWeekday", nth: -1, weekday: 5 }, end: { kind: "count", count: 4 } }),
      ["2025-01-31", "2025-02-28", "2025-03-28", "2025-04-25"]],
    ["2nd Tuesday every 3 months",
      schedule({ frequency: "monthly", interval: 3, monthly: { kind: "nthWeekday", nth: 2, weekday: 2 }, end: { kind: "count", count: 3 } }),
      ["2025-01-14", "2025-04-08", "2025-07-08"]],
    ["last Sunday of February, on the leap day itself, then a year later",
      schedule({ frequency: "monthly", interval: 12, monthly: { kind: "nthWeekday", nth: -1, weekday: 7 }, end: { kind: "count", count: 2 } }, { firstStart: { date: "2032-02-01", time: "09:00" } }),
      ["2032-02-29", "2033-02-27"]],
  ];

  it.each(table)("%s", (_name, series, dates, window = decade) => {
    expect(localDates(series, window)).toEqual(dates);
  });

  it("keeps the time of day and the duration", () => {
    const [first] = occurrences(schedule({ end: { kind: "count", count: 1 } }, { firstStart: { date: "2025-01-01", time: "16:45" }, durationMin: 50 }), decade);
    expect(first).toEqual({ index: 0, localDate: "2025-01-01", startsAt: at("2025-01-01T16:45:00Z"), endsAt: at("2025-01-01T17:35:00Z") });
  });
});

describe("occurrences: the window", () => {
  const daily = schedule({});

  it("includes a start at `from` and excludes one at `to`", () => {
    expect(startsUtc(daily, { from: at("2025-01-02T09:00:00Z"), to: at("2025-01-04T09:00:00Z") })).toEqual([
      "2025-01-02T09:00:00.000Z",
      "2025-01-03T09:00:00.000Z",
    ]);
  });

  it("is empty when it ends before it starts, or before the series", () => {
    expect(occurrences(daily, { from: at("2025-02-01T00:00:00Z"), to: at("2025-01-01T00:00:00Z") })).toEqual([]);
    expect(occurrences(daily, { from: at("2024-01-01T00:00:00Z"), to: at("2025-01-01T08:59:00Z") })).toEqual([]);
  });

  it("stops at `limit`", () => {
    expect(localDates(daily, decade).length).toBeGreaterThan(3);
    expect(occurrences(daily, decade, { limit: 3 }).map((o) => o.localDate)).toEqual(["2025-01-01", "2025-01-02", "2025-01-03"]);
  });

  it("ends a counted series after its last occurrence, whatever the window", () => {
    const counted = schedule({ frequency: "weekly", interval: 1, weekdays: [1, 3], end: { kind: "count", count: 3 } });
    expect(localDates(counted)).toEqual(["2025-01-01", "2025-01-06", "2025-01-08"]);
    expect(occurrences(counted, { from: at("2025-01-07T00:00:00Z"), to: at("2030-01-01T00:00:00Z") })).toEqual([
      expect.objectContaining({ index: 2, localDate: "2025-01-08" }),
    ]);
  });
});

describe("occurrences: the same occurrence keeps its index in every window", () => {
  // prettier-ignore
  const series: Array<[name: string, series: SeriesSchedule]> = [
    ["daily every 3 days", schedule({ interval: 3 }, { timeZone: "America/New_York" })],
    ["weekly Mon/Wed/Fri every 2 weeks", schedule({ frequency: "weekly", interval: 2, weekdays: [1, 3, 5] }, { timeZone: "Australia/Sydney" })],
    ["monthly on the 31st", schedule({ frequency: "monthly", interval: 1, monthly: { kind: "dayOfMonth", day: 31 } }, { timeZone: "Europe/London" })],
    ["monthly on the 5th Monday", schedule({ frequency: "monthly", interval: 1, monthly: { kind: "nthWeekday", nth: 5, weekday: 1 } })],
  ];
  const whole = { from: at("2025-01-01T00:00:00Z"), to: at("2028-01-01T00:00:00Z") };
  const pieces = [
    { from: at("2025-06-17T13:00:00Z"), to: at("2025-09-01T00:00:00Z") },
    { from: at("2026-03-29T00:30:00Z"), to: at("2026-04-06T00:00:00Z") },
    { from: at("2027-10-31T23:00:00Z"), to: at("2028-01-01T00:00:00Z") },
  ];

  it.each(series)("%s", (_name, recurring) => {
    const indexByDate = new Map(occurrences(recurring, whole).map((o) => [o.localDate, o.index]));
    expect(indexByDate.size).toBeGreaterThan(10);
    for (const piece of pieces) {
      for (const occurrence of occurrences(recurring, piece)) {
        expect(occurrence.index).toBe(indexByDate.get(occurrence.localDate));
      }
    }
  });

  it("counts a daily series' occurrences years ahead without listing them", () => {
    const tenYearsIn = occurrences(schedule({}), { from: at("2035-01-01T00:00:00Z"), to: at("2035-01-02T00:00:00Z") });
    expect(tenYearsIn).toEqual([expect.objectContaining({ index: 3652, localDate: "2035-01-01" })]);
  });
});

describe("occurrences: wall-clock time across daylight saving", () => {
  // prettier-ignore
  const table: Array<[name: string, timeZone: string, firstDate: string, starts: string[]]> = [
    ["New York, spring forward (9 March 2025)", "America/New_York", "2025-03-08",
      ["2025-03-08T14:00:00.000Z", "2025-03-09T13:00:00.000Z", "2025-03-10T13:00:00.000Z"]],
    ["New York, fall back (2 November 2025)", "America/New_York", "2025-11-01",
      ["2025-11-01T13:00:00.000Z", "2025-11-02T14:00:00.000Z", "2025-11-03T14:00:00.000Z"]],
    ["Sydney, autumn: daylight time ends (6 April 2025)", "Australia/Sydney", "2025-04-05",
      ["2025-04-04T22:00:00.000Z", "2025-04-05T23:00:00.000Z", "2025-04-06T23:00:00.000Z"]],
    ["Sydney, spring: daylight time starts (5 October 2025)", "Australia/Sydney", "2025-10-04",
      ["2025-10-03T23:00:00.000Z", "2025-10-04T22:00:00.000Z", "2025-10-05T22:00:00.000Z"]],
    ["London, summer time starts (30 March 2025)", "Europe/London", "2025-03-29",
      ["2025-03-29T09:00:00.000Z", "2025-03-30T08:00:00.000Z", "2025-03-31T08:00:00.000Z"]],
    ["London, summer time ends (26 October 2025)", "Europe/London", "2025-10-25",
      ["2025-10-25T08:00:00.000Z", "2025-10-26T09:00:00.000Z", "2025-10-27T09:00:00.000Z"]],
  ];

  it.each(table)("%s: 09:00 stays 09:00, the UTC offset changes", (_name, timeZone, firstDate, starts) => {
    const series = schedule({ end: { kind: "count", count: 3 } }, { timeZone, firstStart: { date: firstDate, time: "09:00" } });
    const found = occurrences(series, decade);
    expect(found.map((o) => o.startsAt.toISOString())).toEqual(starts);
    expect(found.map((o) => wallClock(o.startsAt, timeZone))).toEqual(["09:00", "09:00", "09:00"]);
  });

  it("a weekly 9:00 New York session is 9:00 in both March and November", () => {
    const weekly = schedule({ frequency: "weekly", interval: 1, weekdays: [2] }, { timeZone: "America/New_York", firstStart: { date: "2025-01-07", time: "09:00" } });
    const year = occurrences(weekly, { from: at("2025-01-01T00:00:00Z"), to: at("2026-01-01T00:00:00Z") });
    expect(year).toHaveLength(52);
    expect(new Set(year.map((o) => wallClock(o.startsAt, "America/New_York")))).toEqual(new Set(["09:00"]));
    expect(new Set(year.map((o) => o.startsAt.getUTCHours()))).toEqual(new Set([13, 14]));
  });

  // prettier-ignore
  const edges: Array<[name: string, timeZone: string, date: string, time: string, startUtc: string, wall: string]> = [
    ["a time in New York's spring-forward gap moves forward by the gap", "America/New_York", "2025-03-09", "02:30", "2025-03-09T07:30:00.000Z", "03:30"],
    ["a time in Sydney's spring-forward gap moves forward by the gap", "Australia/Sydney", "2025-10-05", "02:30", "2025-10-04T16:30:00.000Z", "03:30"],
    ["a time New York repeats when falling back takes the earlier instant", "America/New_York", "2025-11-02", "01:30", "2025-11-02T05:30:00.000Z", "01:30"],
    ["a time London repeats when falling back takes the earlier instant", "Europe/London", "2025-10-26", "01:30", "2025-10-26T00:30:00.000Z", "01:30"],
  ];

  it.each(edges)("%s", (_name, timeZone, date, time, startUtc, wall) => {
    const series = schedule({ end: { kind: "count", count: 2 } }, { timeZone, firstStart: { date, time } });
    const [onTheDay, dayAfter] = occurrences(series, decade);
    expect(onTheDay?.localDate).toBe(date);
    expect(onTheDay?.startsAt.toISOString()).toBe(startUtc);
    expect(wallClock(onTheDay?.startsAt ?? new Date(0), timeZone)).toBe(wall);
    expect(wallClock(dayAfter?.startsAt ?? new Date(0), timeZone)).toBe(time);
  });

  it("a session's duration is elapsed time, even over a clock change", () => {
    const series = schedule({ end: { kind: "count", count: 1 } }, { timeZone: "America/New_York", firstStart: { date: "2025-11-02", time: "01:30" }, durationMin: 60 });
    const [only] = occurrences(series, decade);
    expect(only?.endsAt.toISOString()).toBe("2025-11-02T06:30:00.000Z");
    expect(wallClock(only?.endsAt ?? new Date(0), "America/New_York")).toBe("01:30");
  });
});

describe("bad input", () => {
  const weekly = (rule: Partial<RecurrenceRule>) => schedule({ frequency: "weekly", interval: 1, weekdays: [1], ...rule });
  // prettier-ignore
  const table: Array<[name: string, series: SeriesSchedule, code: ErrorCode, field: string]> = [
    ["a weekly rule with no weekdays", weekly({ weekdays: [] }), "SERIES_NO_WEEKDAYS", "rule.weekdays"],
    ["a weekly rule without weekdays at all", weekly({ weekdays: undefined }), "SERIES_NO_WEEKDAYS", "rule.weekdays"],
    ["an interval of 0", schedule({ interval: 0 }), "SERIES_INTERVAL_INVALID", "rule.interval"],
    ["an interval of 100", schedule({ interval: 100 }), "SERIES_INTERVAL_INVALID", "rule.interval"],
    ["an interval of 1.5", schedule({ interval: 1.5 }), "SERIES_INTERVAL_INVALID", "rule.interval"],
    ["an end before the start", schedule({ end: { kind: "until", date: "2024-12-31" } }), "SERIES_END_BEFORE_START", "rule.end.date"],
    ["a count of 100,000", schedule({ end: { kind: "count", count: 100_000 } }), "SERIES_COUNT_TOO_LARGE", "rule.end.count"],
    ["a count of 731", schedule({ end: { kind: "count", count: 731 } }), "SERIES_COUNT_TOO_LARGE", "rule.end.count"],
    ["a count of 0", schedule({ end: { kind: "count", count: 0 } }), "SERIES_COUNT_INVALID", "rule.end.count"],
    ["a time zone that does not exist", schedule({}, { timeZone: "Mars/Olympus_Mons" }), "SERIES_TIME_ZONE_UNKNOWN", "timeZone"],
    ["a UTC offset instead of a time zone", schedule({}, { timeZone: "+05:00" }), "SERIES_TIME_ZONE_UNKNOWN", "timeZone"],
    ["a monthly rule without its day", schedule({ frequency: "monthly" }), "SERIES_MONTHLY_DAY_INVALID", "rule.monthly"],
    ["a monthly rule on the 32nd", schedule({ frequency: "monthly", monthly: { kind: "dayOfMonth", day: 32 } }), "SERIES_MONTHLY_DAY_INVALID", "rule.monthly.day"],
    ["a monthly rule on the 0th", schedule({ frequency: "monthly", monthly: { kind: "dayOfMonth", day: 0 } }), "SERIES_MONTHLY_DAY_INVALID", "rule.monthly.day"],
    ["weekdays on a daily rule", schedule({ weekdays: [1] }), "SERIES_RULE_MISMATCH", "rule.weekdays"],
    ["a day of the month on a weekly rule", weekly({ monthly: { kind: "dayOfMonth", day: 1 } }), "SERIES_RULE_MISMATCH", "rule.monthly"],
    ["a duration of 0 minutes", schedule({}, { durationMin: 0 }), "SESSION_END_BEFORE_START", "durationMin"],
  ];

  it.each(table)("%s → %s, naming the field", (_name, series, code, field) => {
    expect(() => validateSeriesSchedule(series)).toThrow(expect.objectContaining({ code, statusCode: 400, details: { fields: { [field]: expect.any(String) } } }));
    // The generator refuses it too, rather than looping on an interval of 0 or guessing.
    expect(() => occurrences(series, decade)).toThrow(expect.objectContaining({ code }));
  });

  // prettier-ignore
  const never: Array<[name: string, series: SeriesSchedule]> = [
    ["the 31st every 12 months from April",
      schedule({ frequency: "monthly", interval: 12, monthly: { kind: "dayOfMonth", day: 31 } }, { firstStart: { date: "2025-04-01", time: "09:00" } })],
    ["the 29th of February every 24 months from an odd year",
      schedule({ frequency: "monthly", interval: 24, monthly: { kind: "dayOfMonth", day: 29 } }, { firstStart: { date: "2025-02-01", time: "09:00" } })],
    ["Mondays, ending before the first Monday",
      weekly({ end: { kind: "until", date: "2025-01-05" } })],
  ];

  it.each(never)("a series that never has a session: %s", (_name, series) => {
    expect(() => validateSeriesSchedule(series)).toThrow(expect.objectContaining({ code: "SERIES_NO_OCCURRENCES" }));
    expect(occurrences(series, decade)).toEqual([]);
  });

  // prettier-ignore
  const fine: Array<[name: string, series: SeriesSchedule]> = [
    ["the longest count", schedule({ end: { kind: "count", count: 730 } })],
    ["an end on the first day", schedule({ end: { kind: "until", date: "2025-01-01" } })],
    ["UTC", schedule({}, { timeZone: "UTC" })],
    ["every 99 weeks on Sunday in Sydney", schedule({ frequency: "weekly", interval: 99, weekdays: [7] }, { timeZone: "Australia/Sydney" })],
    ["the 5th Friday of February every 12 months (leap years starting on a Friday)",
      schedule({ frequency: "monthly", interval: 12, monthly: { kind: "nthWeekday", nth: 5, weekday: 5 } }, { firstStart: { date: "2025-02-01", time: "09:00" } })],
  ];

  it.each(fine)("accepts %s", (_name, series) => {
    expect(() => validateSeriesSchedule(series)).not.toThrow();
  });
});

describe("SeriesScheduleSchema", () => {
  const body = { rule: { frequency: "weekly", interval: 1, weekdays: [1], end: { kind: "never" } }, firstStart: { date: "2025-01-06", time: "09:00" }, timeZone: "America/New_York", durationMin: 45 };

  it("parses a well-formed schedule as it is", () => {
    expect(SeriesScheduleSchema.parse(body)).toEqual(body);
  });

  // prettier-ignore
  const table: Array<[name: string, input: unknown, path: string, message: RegExp]> = [
    ["a date that does not exist", { ...body, firstStart: { date: "2025-02-30", time: "09:00" } }, "firstStart.date", /date like/],
    ["a time without leading zero", { ...body, firstStart: { date: "2025-01-06", time: "9:00" } }, "firstStart.time", /time like/],
    ["weekday 0", { ...body, rule: { ...body.rule, weekdays: [0] } }, "rule.weekdays.0", /1 \(Monday\) to 7 \(Sunday\)/],
    ["an unknown end", { ...body, rule: { ...body.rule, end: { kind: "sometime" } } }, "rule.end.kind", /never, until a date/],
    ["a day of the month left out", { ...body, rule: { frequency: "monthly", interval: 1, monthly: { kind: "dayOfMonth" }, end: { kind: "never" } } }, "rule.monthly.day", /is required/],
    ["a fractional count", { ...body, rule: { ...body.rule, end: { kind: "count", count: 2.5 } } }, "rule.end.count", /whole number/],
    ["a duration of 3 minutes", { ...body, durationMin: 3 }, "durationMin", /at least 5 minutes/],
  ];

  it.each(table)("rejects %s with a message for people", (_name, input, path, message) => {
    const result = SeriesScheduleSchema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((candidate) => candidate.path.join(".") === path);
    expect(issue?.message).toMatch(message);
  });

  it("leaves limits to validateSeriesSchedule, so each gets its own error code", () => {
    const tooMany = { ...body, rule: { ...body.rule, end: { kind: "count", count: 100_000 } } };
    const parsed = SeriesScheduleSchema.parse(tooMany);
    expect(() => validateSeriesSchedule(parsed)).toThrow(expect.objectContaining({ code: "SERIES_COUNT_TOO_LARGE" }));
  });
});

describe("describeRule", () => {
  // prettier-ignore
  const table: Array<[rule: RecurrenceRule, words: string]> = [
    [{ frequency: "weekly", interval: 2, weekdays: [4, 1], end: { kind: "count", count: 10 } }, "Every 2 weeks on Monday and Thursday, 10 times"],
    [{ frequency: "weekly", interval: 1, weekdays: [5, 1, 3], end: { kind: "never" } }, "Every week on Monday, Wednesday and Friday"],
    [{ frequency: "daily", interval: 1, end: { kind: "count", count: 1 } }, "Every day, once"],
    [{ frequency: "daily", interval: 3, end: { kind: "until", date: "2025-06-30" } }, "Every 3 days, until 30 June 2025"],
    [{ frequency: "monthly", interval: 1, monthly: { kind: "dayOfMonth", day: 31 }, end: { kind: "never" } }, "Every month on the 31st"],
    [{ frequency: "monthly", interval: 1, monthly: { kind: "dayOfMonth", day: 12 }, end: { kind: "never" } }, "Every month on the 12th"],
    [{ frequency: "monthly", interval: 1, monthly: { kind: "dayOfMonth", day: 22 }, end: { kind: "never" } }, "Every month on the 22nd"],
    [{ frequency: "monthly", interval: 6, monthly: { kind: "nthWeekday", nth: 2, weekday: 2 }, end: { kind: "never" } }, "Every 6 months on the second Tuesday"],
    [{ frequency: "monthly", interval: 1, monthly: { kind: "nthWeekday", nth: -1, weekday: 5 }, end: { kind: "count", count: 12 } }, "Every month on the last Friday, 12 times"],
  ];

  it.each(table)("%j → %s", (rule, words) => {
    expect(describeRule(rule)).toBe(words);
  });
});
