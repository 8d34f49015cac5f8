/**
 * What a wall clock in an IANA zone reads at an instant, and whether that reading names
 * only that instant. Every pushed event needs both for its start and end; one cached
 * `Intl.DateTimeFormat` per zone does it in about 20 µs, where building Temporal
 * zoned date-times (the polyfill) took about 100 µs per event, an eighth of the worker's
 * CPU at full speed; offsets cached per zone and day make most readings a lookup. Nothing
 * but Intl: the browser UI uses the same functions.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a RangeError for a zone this runtime does not know. */
function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Whether the string names a time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's wall clock at an instant, read as if it were UTC (milliseconds, whole seconds). */
export function wallClockAsUtcMs(epochMs: number, zone: string): number {
  // "MM/DD/YYYY, HH:mm:ss"; `format` is about three times faster than `formatToParts`.
  const [month, day, year, hour, minute, second] = (formatterFor(zone).format(epochMs).match(/\d+/g) ?? []).map(Number);
  if (second === undefined) throw new Error(`unexpected wall clock reading in ${zone}`);
  // Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear does not.
  const wall = new Date(Date.UTC(2000, 0, 1, hour, minute, second));
  wall.setUTCFullYear(year!, month! - 1, day);
  return wall.getTime();
}

const DAY_MS = 86_400_000;

/** Per zone and UTC day: the offset when it holds all day, null when it changes that day. */
const dayOffsets = new Map<string, number | null>();
/** Enough for every zone a deployment uses over years of sessions; past it the cache starts again. */
const DAY_OFFSETS_LIMIT = 50_000;

function readOffsetMs(wholeSecondMs: number, zone: string): number {
  return wallClockAsUtcMs(wholeSecondMs, zone) - wholeSecondMs;
}

/**
 * The zone's offset from UTC at an instant, in milliseconds (east positive). Zones change
 * offset at most once within a day (see readsOnce), so a day that starts and ends with the
 * same offset has it throughout: most instants then cost a lookup instead of an Intl reading.
 */
export function offsetMs(epochMs: number, zone: string): number {
  const wholeSecondMs = Math.floor(epochMs / 1000) * 1000;
  const day = Math.floor(wholeSecondMs / DAY_MS);
  const key = `${zone} ${day}`;
  let allDay = dayOffsets.get(key);
  if (allDay === undefined) {
    const first = readOffsetMs(day * DAY_MS, zone);
    allDay = first === readOffsetMs((day + 1) * DAY_MS - 1000, zone) ? first : null;
    if (dayOffsets.size >= DAY_OFFSETS_LIMIT) dayOffsets.clear();
    dayOffsets.set(key, allDay);
  }
  return allDay ?? readOffsetMs(wholeSecondMs, zone);
}

/** "YYYY-MM-DDTHH:mm:ss", what a clock in `zone` shows at the instant (seconds truncated). */
export function wallClockReading(zone: string, epochMs: number): string {
  const wholeSecondMs = Math.floor(epochMs / 1000) * 1000;
  return new Date(wholeSecondMs + offsetMs(wholeSecondMs, zone)).toISOString().slice(0, 19);
}

/**
 * False when the clock shows the same reading at another instant too: the hour repeated
 * when clocks go back. Any other instant with this reading lies within one offset change
 * of this one, and zones change offset by less than a day and at most once within a day,
 * so the offsets a day either side are every offset to try.
 */
export function readsOnce(zone: string, epochMs: number): boolean {
  const instant = Math.floor(epochMs / 1000) * 1000;
  const offset = offsetMs(instant, zone);
  const offsets = new Set([offsetMs(instant - DAY_MS, zone), offset, offsetMs(instant + DAY_MS, zone)]);
  // No change of offset near the instant: nothing else reads the same.
  if (offsets.size === 1) return true;
  const wall = instant + offset;
  let instantsWithThisReading = 0;
  for (const candidate of offsets) {
    if (offsetMs(wall - candidate, zone) === candidate) instantsWithThisReading++;
  }
  return instantsWithThisReading === 1;
}
