/**
 * Recurring series (issue 6): the rule a series repeats by, its validation with one coded
 * error per mistake, and the pure occurrence generator that materialisation and the
 * calendar's "scheduled to be created" sessions (S-CAL-3) are computed from. No I/O, no
 * clock: callers pass the window they want.
 */
export {
  COUNT_MAX,
  FREQUENCIES,
  INTERVAL_MAX,
  RecurrenceRuleSchema,
  SeriesScheduleSchema,
  WEEKDAYS,
  WEEKDAY_ORDINALS,
  type Frequency,
  type MonthlyDay,
  type RecurrenceRule,
  type SeriesEnd,
  type SeriesSchedule,
  type Weekday,
  type WeekdayOrdinal,
} from "./recurrence/rule.ts";
export { validateSeriesSchedule } from "./recurrence/validate.ts";
export { occurrences, type Occurrence, type OccurrenceWindow } from "./recurrence/occurrences.ts";
export { describeRule } from "./recurrence/describe.ts";
