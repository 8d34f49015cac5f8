/**
 * The wall clock of an IANA zone, read through Intl, agrees with Temporal everywhere: a
 * table of readings around the year's clock changes in both hemispheres and odd-sized
 * shifts, then random instants in zones chosen for their irregular rules.
 */
import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { readsOnce, wallClockReading } from "../../../src/domain/zoneClock.ts";

function temporalReading(zone: string, epochMs: number): { reading: string; once: boolean } {
  const wall = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(zone).toPlainDateTime();
  const earlier = wall.toZonedDateTime(zone, { disambiguation: "earlier" });
  const later = wall.toZonedDateTime(zone, { disambiguation: "later" });
  return { reading: wall.toString({ smallestUnit: "second" }), once: earlier.epochNanoseconds === later.epochNanoseconds };
}

describe("a zone's wall clock", () => {
  const cases: Array<[zone: string, instant: string, reading: string, once: boolean]> = [
    ["Europe/London", "2026-07-01T12:00:00Z", "2026-07-01T13:00:00", true],
    ["Europe/London", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00", false], // first 01:30: clocks go back at 02:00 BST
    ["Europe/London", "2026-10-25T01:30:00Z", "2026-10-25T01:30:00", false], // the same reading an hour later
    ["Europe/London", "2026-10-25T02:30:00Z", "2026-10-25T02:30:00", true],
    ["Europe/London", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00", true], // 01:00 GMT jumps to 02:00 BST
    ["America/New_York", "2026-11-01T05:30:00Z", "2026-11-01T01:30:00", false],
    ["America/New_York", "2026-11-01T06:30:00Z", "2026-11-01T01:30:00", false],
    ["America/New_York", "2026-11-01T07:30:00Z", "2026-11-01T02:30:00", true],
    ["Australia/Sydney", "2026-04-04T15:30:00Z", "2026-04-05T02:30:00", false], // southern autumn
    ["Australia/Sydney", "2026-04-04T16:30:00Z", "2026-04-05T02:30:00", false],
    ["Australia/Lord_Howe", "2026-04-04T14:45:00Z", "2026-04-05T01:45:00", false], // a half-hour shift
    ["Australia/Lord_Howe", "2026-04-04T15:15:00Z", "2026-04-05T01:45:00", false],
    ["Australia/Lord_Howe", "2026-04-04T15:45:00Z", "2026-04-05T02:15:00", true],
    ["Asia/Kolkata", "2026-10-25T01:30:00Z", "2026-10-25T07:00:00", true],
    ["UTC", "0005-03-01T10:00:00Z", "0005-03-01T10:00:00", true], // years below 100 are not 19xx
    ["Pacific/Kiritimati", "2026-12-31T10:00:00Z", "2027-01-01T00:00:00", true],
  ];
  it.each(cases)("%s at %s reads %s (only then: %s)", (zone, instant, reading, once) => {
    const epochMs = Date.parse(instant);
    expect(wallClockReading(zone, epochMs)).toBe(reading);
    expect(readsOnce(zone, epochMs)).toBe(once);
    expect(temporalReading(zone, epochMs)).toEqual({ reading, once });
  });

  it("agrees with Temporal at any instant, in zones with irregular rules", () => {
    const zones = ["Europe/London", "America/Sao_Paulo", "Africa/Casablanca", "Australia/Lord_Howe", "Pacific/Apia", "America/Santiago", "Asia/Tehran", "Europe/Dublin", "Antarctica/Troll", "Pacific/Chatham"];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2060-12-31T00:00:00Z"), noInvalidDate: true }), (zone, date) => {
        const expected = temporalReading(zone, date.getTime());
        expect({ reading: wallClockReading(zone, date.getTime()), once: readsOnce(zone, date.getTime()) }).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("agrees with Temporal in the hours around every clock change of a year", () => {
    for (const zone of ["Europe/London", "America/New_York", "Australia/Sydney", "Africa/Casablanca", "Australia/Lord_Howe", "America/Santiago"]) {
      let transition = Temporal.Instant.from("2026-01-01T00:00:00Z").toZonedDateTimeISO(zone).getTimeZoneTransition("next");
      while (transition !== null && transition.year === 2026) {
        for (let minutes = -150; minutes <= 150; minutes += 15) {
          const epochMs = transition.epochMilliseconds + minutes * 60_000;
          expect({ zone, reading: wallClockReading(zone, epochMs), once: readsOnce(zone, epochMs) }).toEqual({ zone, ...temporalReading(zone, epochMs) });
        }
        transition = transition.getTimeZoneTransition("next");
      }
    }
  });
});
