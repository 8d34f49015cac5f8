// The UTC offset history of an IANA zone over 2020–2035, read from the runtime's Intl data,
// so that two zones can be compared by what their clocks actually do rather than by name.

const FROM = Date.UTC(2020, 0, 1);
const TO = Date.UTC(2036, 0, 1);
const DAY = 86_400_000;
const MINUTE = 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Offset in minutes east of UTC at `instant`; "GMT" alone means zero. */
export function offsetMinutes(zone: string, instant: number): number {
  const name = formatterFor(zone).formatToParts(instant).find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/** True when the runtime knows `zone` as an IANA time zone. */
export function isKnownZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

function memoized(compute: (zone: string) => string): (zone: string) => string {
  const cache = new Map<string, string>();
  return (zone) => {
    let value = cache.get(zone);
    if (value === undefined) {
      value = compute(zone);
      cache.set(zone, value);
    }
    return value;
  };
}

/** A cheap fingerprint (offsets mid-January and mid-July of every year) to rule out most candidates before the exact comparison. */
export const seasonalFingerprint = memoized((zone) => {
  const offsets: number[] = [];
  for (let year = 2020; year < 2036; year++) {
    offsets.push(offsetMinutes(zone, Date.UTC(year, 0, 15)), offsetMinutes(zone, Date.UTC(year, 6, 15)));
  }
  return offsets.join(",");
});

/** Every offset change in the window, to the minute, as one comparable string. */
export const offsetHistory = memoized((zone) => {
  const changes: string[] = [String(offsetMinutes(zone, FROM))];
  let previous = offsetMinutes(zone, FROM);
  for (let day = FROM + DAY; day <= TO; day += DAY) {
    const current = offsetMinutes(zone, day);
    if (current === previous) continue;
    // The change happened within the last day: narrow it down to the minute.
    let low = day - DAY;
    let high = day;
    while (high - low > MINUTE) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
      if (offsetMinutes(zone, middle) === previous) low = middle;
      else high = middle;
    }
    changes.push(`${high}:${current}`);
    previous = current;
  }
  return changes.join(";");
});
