import { describe, expect, it } from "vitest";
import { isKnownTimeZone, isPlausibleStart } from "../../../src/domain/sessionRules.ts";

describe("isKnownTimeZone", () => {
  it.each([
    ["America/New_York", true],
    ["UTC", true],
    ["Asia/Kolkata", true], // listed by Node 20 only as Asia/Calcutta
    ["Europe/Kyiv", true],
    ["America/Port-au-Prince", true],
    ["asia/kolkata", false],
    ["Mars/Olympus_Mons", false],
    ["EST", false],
    ["", false],
    ["America/New_York ", false],
  ])("%s → %s", (name, known) => {
    expect(isKnownTimeZone(name)).toBe(known);
  });
});

describe("isPlausibleStart", () => {
  const now = new Date("2026-03-01T12:00:00Z");
  it.each([
    ["2026-02-28T12:00:00Z", true],
    ["2026-02-28T11:59:59Z", false],
    ["2028-03-01T12:00:00Z", true],
    ["2028-03-01T12:00:01Z", false],
    ["2026-03-01T12:00:00Z", true],
  ])("%s → %s", (startsAt, plausible) => {
    expect(isPlausibleStart(new Date(startsAt), now)).toBe(plausible);
  });
});
