import { describe, expect, it } from "vitest";
import {
  formatInstant,
  instantToWallClock,
  isTimeZone,
  nextWholeHour,
  offsetMs,
  sameWallClock,
  wallClockToInstant,
} from "../../../src/ui/time.ts";

const HOUR_MS = 3_600_000;

describe("wallClockToInstant", () => {
  // prettier-ignore
  const table: Array<[zone: string, date: string, time: string, instant: string]> = [
    ["UTC",                 "2026-12-01", "09:00", "2026-12-01T09:00:00Z"],
    ["America/New_York",    "2026-01-15", "09:00", "2026-01-15T14:00:00Z"], // EST
    ["America/New_York",    "2026-07-15", "09:00", "2026-07-15T13:00:00Z"], // EDT
    ["Europe/Berlin",       "2026-07-15", "00:30", "2026-07-14T22:30:00Z"], // the day before in UTC
    ["Asia/Kolkata",        "2026-05-01", "10:00", "2026-05-01T04:30:00Z"], // half-hour offset
    ["Asia/Kathmandu",      "2026-05-01", "10:00", "2026-05-01T04:15:00Z"], // quarter-hour offset
    ["Pacific/Kiritimati",  "2026-05-01", "10:00", "2026-04-30T20:00:00Z"], // UTC+14
    ["Pacific/Pago_Pago",   "2026-05-01", "10:00", "2026-05-01T21:00:00Z"], // UTC-11
    ["Australia/Sydney",    "2026-01-15", "09:00", "2026-01-14T22:00:00Z"], // southern summer
  ];
  it.each(table)("%s %s %s is %s", (zone, date, time, instant) => {
    expect(wallClockToInstant({ date, time }, zone)).toBe(instant);
  });

  it("moves a time inside a spring-forward gap forward by the gap (New York 02:30 → 03:30 EDT)", () => {
    expect(wallClockToInstant({ date: "2026-03-08", time: "02:30" }, "America/New_York")).toBe("2026-03-08T07:30:00Z");
    expect(wallClockToInstant({ date: "2026-03-08", time: "03:30" }, "America/New_York")).toBe("2026-03-08T07:30:00Z");
  });

  it("moves a time inside a European spring-forward gap forward (Berlin 02:15 → 03:15 CEST)", () => {
    expect(wallClockToInstant({ date: "2026-03-29", time: "02:15" }, "Europe/Berlin")).toBe("2026-03-29T01:15:00Z");
  });

  it("moves over a whole skipped day (Samoa crossed the date line in December 2011)", () => {
    expect(wallClockToInstant({ date: "2011-12-30", time: "12:00" }, "Pacific/Apia")).toBe("2011-12-30T22:00:00Z");
    expect(instantToWallClock("2011-12-30T22:00:00Z", "Pacific/Apia")).toEqual({ date: "2011-12-31", time: "12:00" });
  });

  it("takes the first occurrence of a time repeated by a fall-back change", () => {
    // 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(wallClockToInstant({ date: "2026-11-01", time: "01:30" }, "America/New_York")).toBe("2026-11-01T05:30:00Z");
    expect(wallClockToInstant({ date: "2026-10-25", time: "02:30" }, "Europe/Berlin")).toBe("2026-10-25T00:30:00Z");
  });

  it("handles the change at midnight (Santiago springs forward from 00:00 to 01:00)", () => {
    expect(wallClockToInstant({ date: "2026-09-06", time: "00:30" }, "America/Santiago")).toBe("2026-09-06T04:30:00Z");
  });

  it.each([
    [{ date: "2026-02-30", time: "09:00" }, "UTC"],
    [{ date: "2026-13-01", time: "09:00" }, "UTC"],
    [{ date: "2026-01-01", time: "24:00" }, "UTC"],
    [{ date: "2026-01-01", time: "9:00" }, "UTC"],
    [{ date: "", time: "09:00" }, "UTC"],
    [{ date: "0050-01-01", time: "09:00" }, "UTC"],
    [{ date: "2026-01-01", time: "09:00" }, "Mars/Olympus_Mons"],
  ])("rejects %o in %s", (wallClock, zone) => {
    expect(wallClockToInstant(wallClock, zone)).toBeNull();
  });

  it("round-trips with instantToWallClock for every hour of a year in several zones", () => {
    const zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Tehran", "America/St_Johns"];
    const start = Date.parse("2026-01-01T00:00:00Z");
    for (const zone of zones) {
      for (let instantMs = start; instantMs < start + 365 * 24 * HOUR_MS; instantMs += 7 * HOUR_MS) {
        const wallClock = instantToWallClock(instantMs, zone);
        const back = wallClockToInstant(wallClock, zone);
        // A repeated hour maps back to its first occurrence, which is at most an hour earlier.
        expect(back).not.toBeNull();
        const diff = instantMs - Date.parse(back ?? "");
        expect(diff === 0 || (diff > 0 && diff <= HOUR_MS)).toBe(true);
        expect(instantToWallClock(back ?? "", zone)).toEqual(wallClock);
      }
    }
  });
});

describe("instantToWallClock and offsetMs", () => {
  it("reads the zone's clock at an instant", () => {
    expect(instantToWallClock("2026-07-14T22:30:00Z", "Europe/Berlin")).toEqual({ date: "2026-07-15", time: "00:30" });
    expect(instantToWallClock("2026-07-14T22:30:00.000+00:00", "America/Los_Angeles")).toEqual({ date: "2026-07-14", time: "15:30" });
  });

  it("gives offsets east positive, in milliseconds", () => {
    expect(offsetMs(Date.parse("2026-01-15T12:00:00Z"), "America/New_York")).toBe(-5 * HOUR_MS);
    expect(offsetMs(Date.parse("2026-05-01T12:00:00Z"), "Asia/Kolkata")).toBe(5.5 * HOUR_MS);
  });

  it("knows real zones from invented ones", () => {
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("Europe/Atlantis")).toBe(false);
  });
});

describe("nextWholeHour", () => {
  it("rounds up to the next hour in the zone", () => {
    expect(nextWholeHour(Date.parse("2026-05-01T04:10:00Z"), "Asia/Kolkata")).toEqual({ date: "2026-05-01", time: "10:30" });
    expect(nextWholeHour(Date.parse("2026-05-01T23:10:00Z"), "UTC")).toEqual({ date: "2026-05-02", time: "00:00" });
  });
});

describe("formatting", () => {
  it("shows an instant in the zone's clock with the zone's abbreviation", () => {
    expect(formatInstant("2026-03-09T18:30:00Z", "America/New_York", "en-US")).toBe("Mon, Mar 9, 2026, 2:30 PM EDT");
  });

  it("treats zones with the same offset at that instant as the same clock", () => {
    expect(sameWallClock("2026-07-01T12:00:00Z", "America/Detroit", "America/New_York")).toBe(true);
    expect(sameWallClock("2026-07-01T12:00:00Z", "Europe/London", "UTC")).toBe(false);
    expect(sameWallClock("2026-01-01T12:00:00Z", "Europe/London", "UTC")).toBe(true);
  });
});
