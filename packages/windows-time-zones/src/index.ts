// Windows time zone names (what Microsoft Graph and Outlook speak) to IANA zones and back,
// using the CLDR windowsZones representative zone of each Windows name.
import { WINDOWS_TO_IANA } from "./table.ts";
import { isKnownZone, offsetHistory, seasonalFingerprint } from "./offsets.ts";

export const WINDOWS_ZONE_NAMES: readonly string[] = WINDOWS_TO_IANA.map(([windows]) => windows);

const ianaByWindows = new Map(WINDOWS_TO_IANA.map(([windows, iana]) => [windows.toLowerCase(), iana]));
const windowsByIana = new Map(WINDOWS_TO_IANA.map(([windows, iana]) => [iana.toLowerCase(), windows]));
const matchedByOffsets = new Map<string, string | undefined>();

/** The representative IANA zone of a Windows time zone name (case-insensitive), or undefined for an unknown name. */
export function windowsZoneToIana(name: string): string | undefined {
  return ianaByWindows.get(name.trim().toLowerCase());
}

/**
 * The Windows time zone for an IANA zone: its own name when it is a representative zone,
 * otherwise the first Windows zone whose representative keeps the same UTC offsets over
 * 2020–2035 (computed once per zone and cached). Undefined when none matches or the zone is unknown.
 */
export function ianaToWindowsZone(iana: string): string | undefined {
  const key = iana.trim().toLowerCase();
  const direct = windowsByIana.get(key);
  if (direct !== undefined) return direct;
  if (key === "utc" || key === "etc/gmt" || key === "gmt" || key === "etc/universal" || key === "etc/zulu") return "UTC";
  if (matchedByOffsets.has(key)) return matchedByOffsets.get(key);
  const match = isKnownZone(iana.trim()) ? findByOffsets(iana.trim()) : undefined;
  matchedByOffsets.set(key, match);
  return match;
}

function findByOffsets(zone: string): string | undefined {
  const fingerprint = seasonalFingerprint(zone);
  for (const [windows, representative] of WINDOWS_TO_IANA) {
    if (!isKnownZone(representative) || seasonalFingerprint(representative) !== fingerprint) continue;
    if (offsetHistory(representative) === offsetHistory(zone)) return windows;
  }
  return undefined;
}
