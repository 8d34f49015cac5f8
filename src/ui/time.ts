/**
 * Wall-clock times in IANA time zones, with nothing but Intl: turning a date and time a
 * person typed for a zone into the UTC instant the API stores, and back, and showing
 * instants in a zone. Pure functions, so they are tested in Node.
 */
import { isTimeZone, offsetMs, wallClockAsUtcMs } from "../domain/zoneClock.ts";

/** A wall-clock date and time as HTML inputs give them: "2026-03-08" and "14:30". */
export interface WallClock {
  date: string;
  time: string;
}

export { isTimeZone, offsetMs } from "../domain/zoneClock.ts";

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/;
const MINUTE_MS = 60_000;
/** Farther than any zone's offset change reaches, so one probe lands on each side of it. */
const PROBE_MS = 36 * 60 * MINUTE_MS;

function parseWallClock({ date, time }: WallClock): number | null {
  const d = DATE_PATTERN.exec(date);
  const t = TIME_PATTERN.exec(time);
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  if (year < 1000 || month < 1 || month > 12 || hour > 23 || minute > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute);
  // Date.UTC rolls 31 February over into March; a person meant no such day.
  if (new Date(ms).getUTCDate() !== day) return null;
  return ms;
}

/**
 * The instant at which the zone's clocks show the given wall-clock time, as an ISO string
 * in UTC ("2026-03-08T19:30:00Z"), or null when the date or time is not a real one.
 * A time skipped by a forward clock change (02:30 on a spring-forward night) moves forward
 * by the size of the gap (03:30); a time that occurs twice takes its first occurrence.
 */
export function wallClockToInstant(wallClock: WallClock, timeZone: string): string | null {
  const wallMs = parseWallClock(wallClock);
  if (wallMs === null || !isTimeZone(timeZone)) return null;
  const offsetBefore = offsetMs(wallMs - PROBE_MS, timeZone);
  const offsetAfter = offsetMs(wallMs + PROBE_MS, timeZone);
  const candidates = [wallMs - offsetBefore, wallMs - offsetAfter]
    .filter((instantMs) => wallClockAsUtcMs(instantMs, timeZone) === wallMs)
    .sort((a, b) => a - b);
  // In a gap no candidate matches; the offset in force before the gap carries the clock over it.
  const instantMs = candidates[0] ?? wallMs - offsetBefore;
  return new Date(instantMs).toISOString().replace(".000Z", "Z");
}

/** The wall-clock date and time the zone's clocks show at an instant. */
export function instantToWallClock(instant: string | number, timeZone: string): WallClock {
  const instantMs = typeof instant === "number" ? instant : Date.parse(instant);
  const iso = new Date(wallClockAsUtcMs(instantMs, timeZone)).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** The wall clock at the next whole hour from an instant: a sensible default start. */
export function nextWholeHour(nowMs: number, timeZone: string): WallClock {
  const hourMs = 60 * MINUTE_MS;
  return instantToWallClock(Math.floor(nowMs / hourMs) * hourMs + hourMs, timeZone);
}

/** "Mon, Mar 9, 2026, 2:30 PM EDT" in the given zone; the locale defaults to the browser's. */
export function formatInstant(instant: string, timeZone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: "short",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(Date.parse(instant));
}

/** "2:30 PM" in the given zone. */
export function formatTime(instant: string, timeZone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: "numeric", minute: "2-digit" }).format(Date.parse(instant));
}

/** Whether two zones show the same wall clock at an instant (then one time is enough). */
export function sameWallClock(instant: string, zoneA: string, zoneB: string): boolean {
  const instantMs = Date.parse(instant);
  return zoneA === zoneB || offsetMs(instantMs, zoneA) === offsetMs(instantMs, zoneB);
}
