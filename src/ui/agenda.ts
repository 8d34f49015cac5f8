/**
 * The sessions of the coming days, grouped by the day they start on in the viewer's time
 * zone: what the interim calendar page shows. Pure, so it is tested in Node.
 */
import { instantToWallClock } from "./time.ts";

interface Timed {
  startsAt: string;
  endsAt: string;
}

export interface AgendaDay<T> {
  /** The wall-clock date in the viewer's zone, "2026-03-09". */
  date: string;
  sessions: T[];
}

/** Sessions not yet ended that start within `days` days of now, earliest first, one group per day. */
export function groupByDay<T extends Timed>(sessions: readonly T[], timeZone: string, nowMs: number, days: number): AgendaDay<T>[] {
  const untilMs = nowMs + days * 24 * 60 * 60 * 1000;
  const upcoming = sessions
    .filter((session) => Date.parse(session.endsAt) > nowMs && Date.parse(session.startsAt) < untilMs)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const byDate = new Map<string, T[]>();
  for (const session of upcoming) {
    const { date } = instantToWallClock(session.startsAt, timeZone);
    byDate.set(date, [...(byDate.get(date) ?? []), session]);
  }
  return [...byDate].map(([date, daySessions]) => ({ date, sessions: daySessions }));
}

/** Newest start first, as the dashboard lists them. */
export function newestFirst<T extends { startsAt: string }>(sessions: readonly T[]): T[] {
  return [...sessions].sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
}
