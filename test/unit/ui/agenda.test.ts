import { describe, expect, it } from "vitest";
import { groupByDay, newestFirst } from "../../../src/ui/agenda.ts";

const NOW_MS = Date.parse("2026-03-09T12:00:00Z");

function session(id: string, startsAt: string, durationMin = 60) {
  return { id, startsAt, endsAt: new Date(Date.parse(startsAt) + durationMin * 60_000).toISOString() };
}

describe("groupByDay", () => {
  it("groups by the day in the viewer's zone, earliest first, and leaves out what ended or lies beyond the horizon", () => {
    const sessions = [
      session("late-evening-in-new-york", "2026-03-10T03:30:00Z"), // 23:30 on the 9th in New York
      session("in-progress", "2026-03-09T11:30:00Z"),
      session("ended", "2026-03-09T10:00:00Z"),
      session("next-week", "2026-03-16T15:00:00Z"),
      session("beyond-horizon", "2026-03-23T12:00:00Z"),
      session("morning", "2026-03-10T14:00:00Z"),
    ];
    const days = groupByDay(sessions, "America/New_York", NOW_MS, 14);
    expect(days.map((day) => [day.date, day.sessions.map((s) => s.id)])).toEqual([
      ["2026-03-09", ["in-progress", "late-evening-in-new-york"]],
      ["2026-03-10", ["morning"]],
      ["2026-03-16", ["next-week"]],
    ]);
  });

  it("puts the same instant on another day for a viewer east of it", () => {
    const days = groupByDay([session("a", "2026-03-10T03:30:00Z")], "Europe/Berlin", NOW_MS, 14);
    expect(days.map((day) => day.date)).toEqual(["2026-03-10"]);
  });

  it("is empty when nothing is coming", () => {
    expect(groupByDay([], "UTC", NOW_MS, 14)).toEqual([]);
  });
});

describe("newestFirst", () => {
  it("orders by start, latest first, without changing its input", () => {
    const input = [session("a", "2026-03-09T12:00:00Z"), session("b", "2026-03-11T12:00:00Z"), session("c", "2026-03-10T12:00:00Z")];
    expect(newestFirst(input).map((s) => s.id)).toEqual(["b", "c", "a"]);
    expect(input.map((s) => s.id)).toEqual(["a", "b", "c"]);
  });
});
