import { describe, expect, it } from "vitest";
import { newestFirst } from "../../../src/ui/agenda.ts";

function session(id: string, startsAt: string, durationMin = 60) {
  return { id, startsAt, endsAt: new Date(Date.parse(startsAt) + durationMin * 60_000).toISOString() };
}

describe("newestFirst", () => {
  it("orders by start, latest first, without changing its input", () => {
    const input = [session("a", "2026-03-09T12:00:00Z"), session("b", "2026-03-11T12:00:00Z"), session("c", "2026-03-10T12:00:00Z")];
    expect(newestFirst(input).map((s) => s.id)).toEqual(["b", "c", "a"]);
    expect(input.map((s) => s.id)).toEqual(["a", "b", "c"]);
  });
});
