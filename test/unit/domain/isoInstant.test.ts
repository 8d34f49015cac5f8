/**
 * The calendar's instants are written without `Date#toISOString` on the hot path; the
 * string must still be exactly the one it writes, for every instant the product stores.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoFromEpochMs } from "../../../src/domain/isoInstant.ts";

const YEAR_1 = Date.parse("0001-01-01T00:00:00Z");
const YEAR_9999_END = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

describe("isoFromEpochMs", () => {
  const cases: Array<[epochMs: number, iso: string]> = [
    [0, "1970-01-01T00:00:00.000Z"],
    [-1, "1969-12-31T23:59:59.999Z"],
    [1.9, "1970-01-01T00:00:00.001Z"], // a fraction is dropped, as new Date drops it
    [-1.9, "1969-12-31T23:59:59.999Z"],
    [Date.UTC(2024, 1, 29, 23, 59, 59, 999), "2024-02-29T23:59:59.999Z"],
    [Date.UTC(2026, 11, 6, 8, 5, 9, 7), "2026-12-06T08:05:09.007Z"],
    [YEAR_1, "0001-01-01T00:00:00.000Z"],
    [YEAR_9999_END, "9999-12-31T23:59:59.999Z"],
  ];
  it.each(cases)("%d is %s", (epochMs, iso) => {
    expect(isoFromEpochMs(epochMs)).toBe(iso);
    expect(isoFromEpochMs(epochMs)).toBe(new Date(epochMs).toISOString());
  });

  it("writes what toISOString writes for any instant from year 1 to 9999", () => {
    fc.assert(
      fc.property(fc.integer({ min: YEAR_1, max: YEAR_9999_END }), (epochMs) => {
        expect(isoFromEpochMs(epochMs)).toBe(new Date(epochMs).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it("stays right past its cache of days, and on a day seen before the cache started again", () => {
    const first = Date.UTC(2026, 0, 1, 9, 30);
    const days = Array.from({ length: 9_000 }, (_, n) => first + n * 86_400_000);
    for (const epochMs of [...days, ...days.slice(0, 10)]) expect(isoFromEpochMs(epochMs)).toBe(new Date(epochMs).toISOString());
  });

  it("refuses what is not an instant", () => {
    expect(() => isoFromEpochMs(Number.NaN)).toThrow(RangeError);
    expect(() => isoFromEpochMs(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
