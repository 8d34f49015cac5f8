/**
 * The session form's "Repeat" choices as a person makes them, and their conversion to and
 * from the API's repeat rule. Which monthly day ("the 14th" or "the 2nd Tuesday") is offered
 * follows from the session's date, as in calendar apps. Pure, so it is tested in Node.
 */
import type { RecurrenceRule, Weekday, WeekdayOrdinal } from "../domain/recurrence/rule.ts";
import { RecurrenceRuleSchema } from "../domain/recurrence/rule.ts";

export type RepeatFrequency = "none" | RecurrenceRule["frequency"];
export type MonthlyKind = "dayOfMonth" | "nthWeekday";
export type EndKind = RecurrenceRule["end"]["kind"];

export interface RepeatDraft {
  frequency: RepeatFrequency;
  interval: string;
  weekdays: Weekday[];
  monthlyKind: MonthlyKind;
  endKind: EndKind;
  untilDate: string;
  count: string;
}

/** The weekday (1 = Monday) and day of month of a "YYYY-MM-DD" date, or undefined if it is not one. */
function dateParts(date: string): { weekday: Weekday; day: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const utc = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(utc.getTime())) return undefined;
  return { weekday: (((utc.getUTCDay() + 6) % 7) + 1) as Weekday, day: utc.getUTCDate() };
}

/** "Does not repeat", with weekly choices ready on the session's own weekday. */
export function noRepeat(date: string): RepeatDraft {
  const parts = dateParts(date);
  return { frequency: "none", interval: "1", weekdays: parts ? [parts.weekday] : [], monthlyKind: "dayOfMonth", endKind: "never", untilDate: "", count: "10" };
}

/** A stored rule as the form shows it. */
export function ruleToRepeat(rule: RecurrenceRule, date: string): RepeatDraft {
  const { end } = rule;
  return {
    ...noRepeat(date),
    frequency: rule.frequency,
    interval: String(rule.interval),
    weekdays: rule.weekdays ?? noRepeat(date).weekdays,
    monthlyKind: rule.monthly?.kind ?? "dayOfMonth",
    endKind: end.kind,
    untilDate: end.kind === "until" ? end.date : "",
    count: end.kind === "count" ? String(end.count) : "10",
  };
}

/** The monthly day a date stands for: "the 14th", or "the 2nd Tuesday" (a 5th weekday skips months without one). */
export function monthlyDayOf(date: string, kind: MonthlyKind): RecurrenceRule["monthly"] {
  const parts = dateParts(date);
  if (!parts) return undefined;
  if (kind === "dayOfMonth") return { kind, day: parts.day };
  return { kind, nth: Math.ceil(parts.day / 7) as WeekdayOrdinal, weekday: parts.weekday };
}

const wholeOrNaN = (value: string) => (value.trim() === "" ? Number.NaN : Number(value));

/**
 * The rule the choices stand for (null for "does not repeat"), or per-field messages keyed
 * like the server's ("rule.interval"), so both show in the same place.
 */
export function repeatToRule(repeat: RepeatDraft, date: string): { rule: RecurrenceRule | null } | { errors: Record<string, string> } {
  if (repeat.frequency === "none") return { rule: null };
  const end =
    repeat.endKind === "until"
      ? { kind: "until" as const, date: repeat.untilDate }
      : repeat.endKind === "count"
        ? { kind: "count" as const, count: wholeOrNaN(repeat.count) }
        : { kind: "never" as const };
  const parsed = RecurrenceRuleSchema.safeParse({
    frequency: repeat.frequency,
    interval: wholeOrNaN(repeat.interval),
    ...(repeat.frequency === "weekly" ? { weekdays: repeat.weekdays } : {}),
    ...(repeat.frequency === "monthly" ? { monthly: monthlyDayOf(date, repeat.monthlyKind) } : {}),
    end,
  });
  const errors: Record<string, string> = {};
  if (repeat.frequency === "weekly" && repeat.weekdays.length === 0) errors["rule.weekdays"] = "Choose at least one day of the week.";
  if (repeat.endKind === "until" && repeat.untilDate === "") errors["rule.end.date"] = "Choose the date of the last session.";
  for (const issue of parsed.error?.issues ?? []) errors[["rule", ...issue.path].join(".")] ??= issue.message;
  if (!parsed.success || Object.keys(errors).length > 0) return { errors };
  return { rule: parsed.data };
}

/**
 * When the session's date moves, weekly choices still on the old date's weekday alone move
 * with it (as calendar apps do); days a person picked stay as they are.
 */
export function followDate(repeat: RepeatDraft, oldDate: string, newDate: string): RepeatDraft {
  const was = dateParts(oldDate)?.weekday;
  const is = dateParts(newDate)?.weekday;
  if (was === undefined || is === undefined || repeat.weekdays.length !== 1 || repeat.weekdays[0] !== was) return repeat;
  return { ...repeat, weekdays: [is] };
}
