/** The order sessions are listed in on the dashboard. Pure, so it is tested in Node. */

/** Newest start first, as the dashboard lists them. */
export function newestFirst<T extends { startsAt: string }>(sessions: readonly T[]): T[] {
  return [...sessions].sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
}
