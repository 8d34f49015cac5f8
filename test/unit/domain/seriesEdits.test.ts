import { describe, expect, it } from "vitest";
import type { SeriesSchedule } from "../../../src/domain/recurrence.ts";
import { endingBefore, firstOccurrences, nextOccurrence, reanchoredAt, sameTiming } from "../../../src/domain/seriesEdits.ts";

const weekly: SeriesSchedule = {
  rule: { frequency: "weekly", interval: 2, weekdays: [1, 4], end: { kind: "count", count: 8 } },
  firstStart: { date: "2026-03-02", time: "09:00" },
  timeZone: "America/New_York",
  durationMin: 45,
};

describe("series edits", () => {
  it("finds occurrences by position and by time", () => {
    const first = firstOccurrences(weekly, 3);
    expect(first.map((o) => [o.index, o.localDate])).toEqual([
      [0, "2026-03-02"],
      [1, "2026-03-05"],
      [2, "2026-03-16"],
    ]);
    expect(firstOccurrences(weekly, 100)).toHaveLength(8);
    expect(nextOccurrence(weekly, new Date("2026-03-06T00:00:00Z"))).toMatchObject({ index: 2, localDate: "2026-03-16" });
    expect(nextOccurrence(weekly, new Date("2027-01-01T00:00:00Z"))).toBeUndefined();
  });

  it("re-anchoring at an occurrence keeps every later date and counts the sessions left", () => {
    const third = firstOccurrences(weekly, 3)[2];
    if (third === undefined) throw new Error("no third occurrence");
    const restarted = reanchoredAt(third, { rule: weekly.rule, time: "09:00", timeZone: weekly.timeZone, durationMin: 45 });
    expect(restarted.firstStart).toEqual({ date: "2026-03-16", time: "09:00" });
    expect(restarted.rule.end).toEqual({ kind: "count", count: 6 });
    expect(firstOccurrences(restarted, 100).map((o) => o.startsAt.toISOString())).toEqual(
      firstOccurrences(weekly, 100).slice(2).map((o) => o.startsAt.toISOString()),
    );
  });

  it("ends a rule the day before an occurrence, so the split point belongs to the new series", () => {
    const ended = { ...weekly, rule: endingBefore(weekly.rule, "2026-03-16") };
    expect(ended.rule.end).toEqual({ kind: "until", date: "2026-03-15" });
    expect(firstOccurrences(ended, 100).map((o) => o.localDate)).toEqual(["2026-03-02", "2026-03-05"]);
  });

  it("tells a change of timing from a change of anything else", () => {
    expect(sameTiming(weekly, { ...weekly, durationMin: 60 })).toBe(true);
    // The same rule written with its keys in another order.
    const { end, ...rest } = weekly.rule;
    expect(sameTiming(weekly, { ...weekly, rule: { end, ...rest } })).toBe(true);
    expect(sameTiming(weekly, { ...weekly, firstStart: { date: "2026-03-02", time: "10:00" } })).toBe(false);
    expect(sameTiming(weekly, { ...weekly, timeZone: "Europe/London" })).toBe(false);
    expect(sameTiming(weekly, { ...weekly, rule: { ...weekly.rule, interval: 1 } })).toBe(false);
  });
});
