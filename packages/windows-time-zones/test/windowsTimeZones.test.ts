// Windows names to IANA zones and back, including IANA zones matched by their offsets.
import { describe, expect, it } from "vitest";
import { WINDOWS_ZONE_NAMES, ianaToWindowsZone, windowsZoneToIana } from "../src/index.ts";

describe("windowsZoneToIana", () => {
  it.each([
    ["Pacific Standard Time", "America/Los_Angeles"],
    ["Eastern Standard Time", "America/New_York"],
    ["W. Europe Standard Time", "Europe/Berlin"],
    ["GMT Standard Time", "Europe/London"],
    ["India Standard Time", "Asia/Kolkata"],
    ["SE Asia Standard Time", "Asia/Bangkok"],
    ["UTC", "Etc/UTC"],
    ["pacific standard time", "America/Los_Angeles"],
  ])("%s -> %s", (windows, iana) => {
    expect(windowsZoneToIana(windows)).toBe(iana);
  });

  it("answers undefined for a name Windows does not have", () => {
    expect(windowsZoneToIana("Mars Standard Time")).toBeUndefined();
  });
});

describe("ianaToWindowsZone", () => {
  it.each([
    ["America/Los_Angeles", "Pacific Standard Time"],
    ["America/New_York", "Eastern Standard Time"],
    ["America/Detroit", "Eastern Standard Time"],
    ["America/Toronto", "Eastern Standard Time"],
    ["Asia/Ho_Chi_Minh", "SE Asia Standard Time"],
    ["Asia/Calcutta", "India Standard Time"],
    ["Europe/Amsterdam", "W. Europe Standard Time"],
    ["Europe/Dublin", "GMT Standard Time"],
    ["America/Vancouver", "Pacific Standard Time"],
    ["Australia/Melbourne", "AUS Eastern Standard Time"],
    ["Etc/UTC", "UTC"],
    ["UTC", "UTC"],
  ])("%s -> %s", (iana, windows) => {
    expect(ianaToWindowsZone(iana)).toBe(windows);
  });

  it("answers undefined for a zone the runtime does not know", () => {
    expect(ianaToWindowsZone("Nowhere/Atlantis")).toBeUndefined();
  });

  it("keeps zones apart whose daylight saving rules differ", () => {
    expect(ianaToWindowsZone("America/Phoenix")).toBe("US Mountain Standard Time");
    expect(ianaToWindowsZone("America/Boise")).toBe("Mountain Standard Time");
    expect(ianaToWindowsZone("Asia/Beirut")).toBe("Middle East Standard Time");
  });
});

describe("the table", () => {
  it("has about 140 unique Windows names, each with a zone the runtime knows", () => {
    expect(WINDOWS_ZONE_NAMES.length).toBeGreaterThan(130);
    expect(new Set(WINDOWS_ZONE_NAMES).size).toBe(WINDOWS_ZONE_NAMES.length);
    for (const name of WINDOWS_ZONE_NAMES) {
      const iana = windowsZoneToIana(name);
      expect(iana, name).toBeDefined();
      expect(() => new Intl.DateTimeFormat("en-US", { timeZone: iana })).not.toThrow();
    }
  });

  it("maps every representative zone back to its own Windows name", () => {
    for (const name of WINDOWS_ZONE_NAMES) {
      expect(ianaToWindowsZone(windowsZoneToIana(name) ?? "")).toBe(name);
    }
  });
});
