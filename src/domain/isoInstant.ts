/**
 * An instant as the API writes it: "YYYY-MM-DDTHH:mm:ss.sssZ", the same string as
 * `Date#toISOString`, for the years 1 to 9999 the product stores. A calendar month answers
 * about 2,000 instants; `toISOString` costs about 0.5 µs each, which made it the largest
 * single part of the web server's own work per calendar request. The date part comes from
 * `toISOString` once per UTC day (instants in a range share a few dozen days); the time of
 * day is arithmetic.
 */

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, "0"));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, "0"));

/** "YYYY-MM-DDT" per UTC day number. */
const dayPrefixes = new Map<number, string>();
/** A few years of days; past it the cache starts again. */
const DAY_PREFIXES_LIMIT = 4_000;

function dayPrefix(day: number): string {
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (dayPrefixes.size >= DAY_PREFIXES_LIMIT) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  return prefix;
}

/** Whole milliseconds since the epoch; a fraction is dropped, as `new Date(ms)` drops it. */
export function isoFromEpochMs(epochMs: number): string {
  const ms = Math.trunc(epochMs);
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${epochMs}`);
  const day = Math.floor(ms / DAY_MS);
  const msOfDay = ms - day * DAY_MS;
  const milli = msOfDay % 1000;
  const seconds = (msOfDay - milli) / 1000;
  const second = seconds % 60;
  const minutes = (seconds - second) / 60;
  const minute = minutes % 60;
  const hour = (minutes - minute) / 60;
  return `${dayPrefix(day)}${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second]}.${THREE_DIGITS[milli]}Z`;
}
