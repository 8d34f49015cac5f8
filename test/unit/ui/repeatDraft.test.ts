import { describe, expect, it } from "vitest";
import { followDate, monthlyDayOf, noRepeat, repeatToRule, ruleToRepeat, type RepeatDraft } from "../../../src/ui/repeatDraft.ts";
import { createSeriesRequest, editSeriesRequest } from "../../../src/ui/seriesRequests.ts";
import type { SessionRequest } from "../../../src/ui/sessionDraft.ts";

// 2026-03-10 is a Tuesday, the second of its month.
const DATE = "2026-03-10";
const weekly = (change: Partial<RepeatDraft> = {}): RepeatDraft => ({ ...noRepeat(DATE), frequency: "weekly", ...change });

describe("repeat choices", () => {
  it("does not repeat by default, with the session's weekday ready for weekly", () => {
    expect(repeatToRule(noRepeat(DATE), DATE)).toEqual({ rule: null });
    expect(noRepeat(DATE).weekdays).toEqual([2]);
  });

  it("turns each frequency into the API's rule", () => {
    expect(repeatToRule(weekly({ weekdays: [2, 4], endKind: "count", count: "6" }), DATE)).toEqual({
      rule: { frequency: "weekly", interval: 1, weekdays: [2, 4], end: { kind: "count", count: 6 } },
    });
    expect(repeatToRule({ ...noRepeat(DATE), frequency: "monthly", monthlyKind: "nthWeekday", interval: "2" }, DATE)).toEqual({
      rule: { frequency: "monthly", interval: 2, monthly: { kind: "nthWeekday", nth: 2, weekday: 2 }, end: { kind: "never" } },
    });
    expect(repeatToRule({ ...noRepeat(DATE), frequency: "daily", endKind: "until", untilDate: "2026-04-01" }, DATE)).toEqual({
      rule: { frequency: "daily", interval: 1, end: { kind: "until", date: "2026-04-01" } },
    });
  });

  it("names the fields a person must fix, keyed like the server's", () => {
    expect(repeatToRule(weekly({ weekdays: [] }), DATE)).toEqual({ errors: { "rule.weekdays": "Choose at least one day of the week." } });
    expect(repeatToRule(weekly({ interval: "" }), DATE)).toMatchObject({ errors: { "rule.interval": expect.any(String) } });
    expect(repeatToRule(weekly({ endKind: "until" }), DATE)).toMatchObject({ errors: { "rule.end.date": "Choose the date of the last session." } });
  });

  it("offers the day of the month and the nth weekday of the session's date", () => {
    expect(monthlyDayOf("2026-01-31", "dayOfMonth")).toEqual({ kind: "dayOfMonth", day: 31 });
    expect(monthlyDayOf("2026-03-30", "nthWeekday")).toEqual({ kind: "nthWeekday", nth: 5, weekday: 1 });
    expect(monthlyDayOf("not a date", "nthWeekday")).toBeUndefined();
  });

  it("moves an untouched weekly choice with the date, and leaves chosen days alone", () => {
    expect(followDate(weekly(), DATE, "2026-03-12").weekdays).toEqual([4]);
    expect(followDate(weekly({ weekdays: [2, 5] }), DATE, "2026-03-12").weekdays).toEqual([2, 5]);
    expect(followDate(weekly({ weekdays: [5] }), DATE, "2026-03-12").weekdays).toEqual([5]);
  });

  it("reads a stored rule back into the same choices", () => {
    const rule = { frequency: "weekly" as const, interval: 2, weekdays: [1 as const, 3 as const], end: { kind: "until" as const, date: "2026-06-30" } };
    expect(repeatToRule(ruleToRepeat(rule, DATE), DATE)).toEqual({ rule });
  });
});

describe("series requests from the session form", () => {
  const before: SessionRequest = {
    title: "Check-in",
    hostId: "3f1c2b5e-8d4a-4c6b-9e7f-1a2b3c4d5e6f",
    startsAt: "2026-03-10T13:00:00.000Z",
    durationMin: 30,
    timeZone: "America/New_York",
    notes: null,
    participants: [],
  };
  const rule = { frequency: "weekly" as const, interval: 1, weekdays: [2 as const], end: { kind: "never" as const } };

  it("creates a series starting at the session's wall clock in its zone", () => {
    expect(createSeriesRequest(before, rule)).toMatchObject({ title: "Check-in", rule, firstStart: { date: "2026-03-10", time: "09:00" } });
  });

  it("sends only what changed: a new time, a new date for the following sessions, a new rule", () => {
    const later = { ...before, startsAt: "2026-03-11T15:30:00.000Z" };
    expect(editSeriesRequest("series", "s", { request: before, rule }, { request: later, rule })).toEqual({ scope: "series", startTime: "11:30" });
    expect(editSeriesRequest("following", "s", { request: before, rule }, { request: later, rule })).toEqual({
      scope: "following",
      sessionId: "s",
      startTime: "11:30",
      startDate: "2026-03-11",
    });
    const renamed = editSeriesRequest("series", "s", { request: before, rule }, { request: { ...before, title: "Renamed" }, rule: { ...rule, interval: 2 } });
    expect(renamed).toEqual({ scope: "series", title: "Renamed", rule: { ...rule, interval: 2 } });
  });
});
