/**
 * What a wall clock in an IANA zone reads at an instant, and whether that reading names
 * only that instant. Every pushed event needs both for its start and end; one cached
 * `Intl.DateTimeFormat` per zone does it in about 20 µs, where building Temporal
 * zoned date-times (the polyfill) took about 100 µs per event, an eighth of the worker's
 * CPU at full speed.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

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

/** The wall clock's reading as epoch milliseconds of the same reading in UTC (whole seconds). */
function wallAsUtcMs(zone: string, epochMs: number): number {
  // "MM/DD/YYYY, HH:mm:ss"; `format` is about three times faster than `formatToParts`.
  const [month, day, year, hour, minute, second] = (formatterFor(zone).format(epochMs).match(/\d+/g) ?? []).map(Number);
  if (second === undefined) throw new Error(`unexpected wall clock reading in ${zone}`);
  // Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear does not.
  const wall = new Date(Date.UTC(2000, 0, 1, hour, minute, second));
  wall.setUTCFullYear(year!, month! - 1, day);
  return wall.getTime();
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetMs(zone: string, epochMs: number): number {
  return wallAsUtcMs(zone, epochMs) - Math.floor(epochMs / 1000) * 1000;
}

/** "YYYY-MM-DDTHH:mm:ss", what a clock in `zone` shows at the instant (seconds truncated). */
export function wallClockReading(zone: string, epochMs: number): string {
  return new Date(wallAsUtcMs(zone, epochMs)).toISOString().slice(0, 19);
}

const DAY_MS = 86_400_000;

/**
 * False when the clock shows the same reading at another instant too: the hour repeated
 * when clocks go back. Any other instant with this reading lies within one offset change
 * of this one, and zones change offset by less than a day and at most once within a day,
 * so the offsets a day either side are every offset to try.
 */
export function readsOnce(zone: string, epochMs: number): boolean {
  const instant = Math.floor(epochMs / 1000) * 1000;
  const offset = offsetMs(zone, instant);
  const offsets = new Set([offsetMs(zone, instant - DAY_MS), offset, offsetMs(zone, instant + DAY_MS)]);
  // No change of offset near the instant: nothing else reads the same.
  if (offsets.size === 1) return true;
  const wall = instant + offset;
  let instantsWithThisReading = 0;
  for (const candidate of offsets) {
    if (offsetMs(zone, wall - candidate) === candidate) instantsWithThisReading++;
  }
  return instantsWithThisReading === 1;
}
