/**
 * A repeat rule in a few English words, for the session form and the series list
 * ("Every 2 weeks on Monday and Thursday, 10 times").
 */
import { Temporal } from "temporal-polyfill";
import type { Frequency, MonthlyDay, RecurrenceRule, SeriesEnd, Weekday, WeekdayOrdinal } from "./rule.ts";

const WEEKDAY_NAMES: Record<Weekday, string> = {
  1: "Monday",
  2: "Tuesday",
  3: "Wednesday",
  4: "Thursday",
  5: "Friday",
  6: "Saturday",
  7: "Sunday",
};

const ORDINAL_WORDS: Record<WeekdayOrdinal, string> = { 1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", "-1": "last" };

const UNITS: Record<Frequency, { one: string; many: string }> = {
  daily: { one: "day", many: "days" },
  weekly: { one: "week", many: "weeks" },
  monthly: { one: "month", many: "months" },
};

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export function describeRule(rule: RecurrenceRule): string {
  const unit = UNITS[rule.frequency];
  const every = rule.interval === 1 ? `Every ${unit.one}` : `Every ${rule.interval} ${unit.many}`;
  return [every, onWhichDays(rule)].filter((part) => part !== "").join(" ") + untilWhen(rule.end);
}

function onWhichDays(rule: RecurrenceRule): string {
  if (rule.frequency === "weekly" && rule.weekdays !== undefined && rule.weekdays.length > 0) {
    const days = [...new Set(rule.weekdays)].sort((a, b) => a - b);
    return `on ${listed(days.map((day) => WEEKDAY_NAMES[day]))}`;
  }
  if (rule.frequency === "monthly" && rule.monthly !== undefined) return `on the ${dayOfMonthWords(rule.monthly)}`;
  return "";
}

function dayOfMonthWords(monthly: MonthlyDay): string {
  return monthly.kind === "dayOfMonth" ? ordinalNumber(monthly.day) : `${ORDINAL_WORDS[monthly.nth]} ${WEEKDAY_NAMES[monthly.weekday]}`;
}

function untilWhen(end: SeriesEnd): string {
  switch (end.kind) {
    case "never":
      return "";
    case "count":
      return end.count === 1 ? ", once" : `, ${end.count} times`;
    case "until":
      return `, until ${longDate(end.date)}`;
  }
}

/** "2025-06-30" → "30 June 2025": unambiguous in every English-speaking country. */
function longDate(isoDate: string): string {
  const { day, month, year } = Temporal.PlainDate.from(isoDate);
  return `${day} ${MONTH_NAMES[month - 1]} ${year}`;
}

function ordinalNumber(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
