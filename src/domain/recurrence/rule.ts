/**
 * What a recurring series is: the rule it repeats by and the wall-clock time it starts at
 * in its own time zone, with the zod schemas that parse both at the API boundary. The
 * schemas check shape only; which values make sense is decided by `validateSeriesSchedule`,
 * so that each mistake gets its own coded error.
 */
import { z } from "zod";

/** ISO numbering, as Temporal's `dayOfWeek`: 1 = Monday … 7 = Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Which occurrence of a weekday in its month: the 1st … 5th, or -1 for the last. */
export const WEEKDAY_ORDINALS = [1, 2, 3, 4, 5, -1] as const;
export type WeekdayOrdinal = (typeof WEEKDAY_ORDINALS)[number];

export const FREQUENCIES = ["daily", "weekly", "monthly"] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const INTERVAL_MAX = 99;
/** Two years of daily sessions: beyond that a series is a typo or should be an open end. */
export const COUNT_MAX = 730;

export type MonthlyDay =
  | { kind: "dayOfMonth"; day: number }
  | { kind: "nthWeekday"; nth: WeekdayOrdinal; weekday: Weekday };

export type SeriesEnd =
  | { kind: "never" }
  /** `date` is "YYYY-MM-DD", inclusive, in the series' time zone. */
  | { kind: "until"; date: string }
  | { kind: "count"; count: number };

export interface RecurrenceRule {
  frequency: Frequency;
  /** Every `interval` days, weeks or months: 1 … 99. */
  interval: number;
  /** Weekly only, and required there. */
  weekdays?: Weekday[];
  /** Monthly only, and required there. */
  monthly?: MonthlyDay;
  end: SeriesEnd;
}

export interface SeriesSchedule {
  rule: RecurrenceRule;
  /** The wall-clock start of the series in `timeZone`: "YYYY-MM-DD" and "HH:mm". */
  firstStart: { date: string; time: string };
  /** IANA name, e.g. America/New_York. */
  timeZone: string;
  durationMin: number;
}

const localDate = z.iso.date({ error: "must be a date like 2025-03-31" });
const wholeNumber = z
  .number({ error: (issue) => (issue.input === undefined ? "is required" : "must be a number") })
  .int({ error: "must be a whole number" });
const weekday = z.literal(WEEKDAYS, { error: "must be a day of the week from 1 (Monday) to 7 (Sunday)" });

const MonthlyDaySchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("dayOfMonth"), day: wholeNumber }),
    z.strictObject({
      kind: z.literal("nthWeekday"),
      nth: z.literal(WEEKDAY_ORDINALS, { error: "must be 1, 2, 3, 4, 5 or -1 (the last)" }),
      weekday,
    }),
  ],
  { error: "must say a day of the month or a weekday of the month" },
);

const SeriesEndSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("never") }),
    z.strictObject({ kind: z.literal("until"), date: localDate }),
    z.strictObject({ kind: z.literal("count"), count: wholeNumber }),
  ],
  { error: "must say never, until a date, or after a number of sessions" },
);

export const RecurrenceRuleSchema = z.strictObject({
  frequency: z.enum(FREQUENCIES),
  interval: wholeNumber,
  weekdays: z.array(weekday).optional(),
  monthly: MonthlyDaySchema.optional(),
  end: SeriesEndSchema,
}) satisfies z.ZodType<RecurrenceRule>;

export const SeriesScheduleSchema = z.strictObject({
  rule: RecurrenceRuleSchema,
  firstStart: z.strictObject({
    date: localDate,
    time: z.iso.time({ precision: -1, error: "must be a time like 09:30" }),
  }),
  timeZone: z.string().min(1).max(64),
  // The same bounds as a single session's duration.
  durationMin: z
    .number({ error: "must be a number of minutes" })
    .int({ error: "must be whole minutes" })
    .min(5, { error: "must be at least 5 minutes" })
    .max(720, { error: "must be at most 12 hours" }),
}) satisfies z.ZodType<SeriesSchedule>;
