/**
 * Checks on a session's time that zod cannot express: whether a time zone is a real IANA
 * zone, and whether a start is plausible rather than a typo decades away.
 */

const supportedZones = new Set(Intl.supportedValuesOf("timeZone"));
/** IANA spelling: capitalised segments, e.g. America/Argentina/Buenos_Aires, Etc/GMT+12. */
const ianaSpelling = /^[A-Z][A-Za-z_-]*(\/[A-Z][A-Za-z0-9_+-]*)+$/;

/**
 * Known = listed by `Intl.supportedValuesOf`, or "UTC", or a properly spelled IANA alias of
 * a listed zone. The aliases matter because Node 20's ICU lists some zones only under their
 * old names (Asia/Calcutta, not Asia/Kolkata).
 */
export function isKnownTimeZone(name: string): boolean {
  if (name === "UTC" || supportedZones.has(name)) return true;
  if (!ianaSpelling.test(name)) return false;
  try {
    return supportedZones.has(new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone);
  } catch {
    return false;
  }
}

const MAX_PAST_MS = 24 * 60 * 60_000;
const MAX_AHEAD_YEARS = 2;

/** A start more than a day in the past or more than two years ahead is a mistake. */
export function isPlausibleStart(startsAt: Date, now: Date): boolean {
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + MAX_AHEAD_YEARS);
  return startsAt.getTime() >= now.getTime() - MAX_PAST_MS && startsAt.getTime() <= latest.getTime();
}
