/**
 * Decides whether a series schedule makes sense, turning each mistake into its own coded
 * error (nothing is written when one is thrown), and hands the occurrence generator the
 * schedule in parsed form.
 */
import { Temporal } from "temporal-polyfill";
import { appError, type ErrorCode } from "../errors.ts";
import { seriesDates, type AnchoredRule, type Pattern } from "./cadence.ts";
import { COUNT_MAX, INTERVAL_MAX, type RecurrenceRule, type SeriesSchedule } from "./rule.ts";

export interface CheckedSchedule {
  anchored: AnchoredRule;
  time: Temporal.PlainTime;
  timeZone: string;
  durationMin: number;
}

/** The Gregorian calendar, weekdays included, repeats every 400 years. */
const CALENDAR_CYCLE_YEARS = 400;

/**
 * Throws the coded error for the first thing wrong with `schedule`, including a rule that
 * can never produce a session (the 31st every 12 months from April, or an end date before
 * the first matching day).
 */
export function validateSeriesSchedule(schedule: SeriesSchedule): void {
  const { anchored } = checkSchedule(schedule);
  const cycleEnd = anchored.firstDate.add({ years: CALENDAR_CYCLE_YEARS });
  if (seriesDates(anchored, { fromDate: anchored.firstDate, toDate: cycleEnd }).next().done === true) {
    throw appError("SERIES_NO_OCCURRENCES", { fields: { rule: "never produces a session" } });
  }
}

/** The cheap checks, enough for the generator to be correct and to terminate. */
export function checkSchedule(schedule: SeriesSchedule): CheckedSchedule {
  if (!knownTimeZones.has(schedule.timeZone)) fail("SERIES_TIME_ZONE_UNKNOWN", "timeZone", "is not a time zone we know");
  if (!(schedule.durationMin > 0)) fail("SESSION_END_BEFORE_START", "durationMin", "must be more than 0 minutes");
  const { rule } = schedule;
  if (!Number.isInteger(rule.interval) || rule.interval < 1 || rule.interval > INTERVAL_MAX) {
    fail("SERIES_INTERVAL_INVALID", "rule.interval", `must be a whole number from 1 to ${INTERVAL_MAX}`);
  }
  const firstDate = Temporal.PlainDate.from(schedule.firstStart.date);
  return {
    anchored: { pattern: patternOf(rule), interval: rule.interval, firstDate, ...endOf(rule, firstDate) },
    time: Temporal.PlainTime.from(schedule.firstStart.time),
    timeZone: schedule.timeZone,
    durationMin: schedule.durationMin,
  };
}

/**
 * The names the time zone picker offers, and "UTC". Temporal alone would also take a fixed
 * offset such as "+05:00", which follows no place's daylight saving.
 */
const knownTimeZones = new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);

function patternOf(rule: RecurrenceRule): Pattern {
  const { weekdays = [], monthly } = rule;
  if (rule.frequency !== "weekly" && weekdays.length > 0) {
    fail("SERIES_RULE_MISMATCH", "rule.weekdays", "can only be chosen for a weekly series");
  }
  if (rule.frequency !== "monthly" && monthly !== undefined) {
    fail("SERIES_RULE_MISMATCH", "rule.monthly", "can only be chosen for a monthly series");
  }
  switch (rule.frequency) {
    case "daily":
      return { frequency: "daily" };
    case "weekly":
      if (weekdays.length === 0) fail("SERIES_NO_WEEKDAYS", "rule.weekdays", "must name at least one day of the week");
      return { frequency: "weekly", weekdays };
    case "monthly":
      if (monthly === undefined) fail("SERIES_MONTHLY_DAY_INVALID", "rule.monthly", "is required for a monthly series");
      if (monthly.kind === "dayOfMonth" && !(Number.isInteger(monthly.day) && monthly.day >= 1 && monthly.day <= 31)) {
        fail("SERIES_MONTHLY_DAY_INVALID", "rule.monthly.day", "must be a whole number from 1 to 31");
      }
      return { frequency: "monthly", monthly };
  }
}

function endOf(rule: RecurrenceRule, firstDate: Temporal.PlainDate): Pick<AnchoredRule, "untilDate" | "maxCount"> {
  const { end } = rule;
  switch (end.kind) {
    case "never":
      return { untilDate: undefined, maxCount: undefined };
    case "until": {
      const untilDate = Temporal.PlainDate.from(end.date);
      if (Temporal.PlainDate.compare(untilDate, firstDate) < 0) {
        fail("SERIES_END_BEFORE_START", "rule.end.date", "must be on or after the first session's date");
      }
      return { untilDate, maxCount: undefined };
    }
    case "count":
      if (!Number.isInteger(end.count) || end.count < 1) fail("SERIES_COUNT_INVALID", "rule.end.count", "must be at least 1");
      if (end.count > COUNT_MAX) fail("SERIES_COUNT_TOO_LARGE", "rule.end.count", `must be at most ${COUNT_MAX}`);
      return { untilDate: undefined, maxCount: end.count };
  }
}

/** `fields` names the input at fault the way request validation does, for the form to mark. */
function fail(code: ErrorCode, field: string, problem: string): never {
  throw appError(code, { fields: { [field]: problem } });
}
