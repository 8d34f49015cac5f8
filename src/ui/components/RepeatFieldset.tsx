/**
 * "Repeat" in the session form: none, daily, weekly on chosen weekdays, or monthly by day of
 * month or "2nd Tuesday"; how often; and when it ends. The chosen rule is read back in
 * words, announced politely to screen readers as it changes.
 */
import { useId } from "react";
import { describeRule } from "../../domain/recurrence/describe.ts";
import { WEEKDAYS, type Weekday } from "../../domain/recurrence/rule.ts";
import { monthlyDayOf, repeatToRule, type EndKind, type MonthlyKind, type RepeatDraft, type RepeatFrequency } from "../repeatDraft.ts";
import { Field } from "./Field.tsx";

const FREQUENCY_LABELS: Record<RepeatFrequency, string> = { none: "Does not repeat", daily: "Daily", weekly: "Weekly", monthly: "Monthly" };
const UNITS: Record<Exclude<RepeatFrequency, "none">, string> = { daily: "day(s)", weekly: "week(s)", monthly: "month(s)" };
const WEEKDAY_NAMES: Record<Weekday, string> = { 1: "Monday", 2: "Tuesday", 3: "Wednesday", 4: "Thursday", 5: "Friday", 6: "Saturday", 7: "Sunday" };

interface RepeatFieldsetProps {
  repeat: RepeatDraft;
  /** The session's date: it decides which monthly days are offered. */
  date: string;
  errors: Record<string, string>;
  /** A session of a series keeps repeating: stopping is "Cancel" for this and following sessions. */
  mayStop: boolean;
  onChange: (repeat: RepeatDraft) => void;
}

export function RepeatFieldset({ repeat, date, errors, mayStop, onChange }: RepeatFieldsetProps) {
  const id = useId();
  const set = <K extends keyof RepeatDraft>(key: K, value: RepeatDraft[K]) => onChange({ ...repeat, [key]: value });
  const result = repeatToRule(repeat, date);
  const summary = "rule" in result && result.rule ? describeRule(result.rule) : null;
  const ruleError = errors.rule ?? errors["rule.monthly"] ?? errors["rule.frequency"];

  return (
    <fieldset className="repeat" data-testid="repeat-fieldset">
      <legend>Repeat</legend>
      {ruleError && <p className="field-error">{ruleError}</p>}
      <div className="field-row">
        <Field label="Repeat">
          {(control) => (
            <select {...control} value={repeat.frequency} onChange={(e) => set("frequency", e.target.value as RepeatFrequency)}>
              {(Object.keys(FREQUENCY_LABELS) as RepeatFrequency[]).filter((frequency) => mayStop || frequency !== "none").map((frequency) => (
                <option key={frequency} value={frequency}>
                  {FREQUENCY_LABELS[frequency]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {repeat.frequency !== "none" && (
          <Field label={`Every how many ${UNITS[repeat.frequency]}`} error={errors["rule.interval"]}>
            {(control) => (
              <input {...control} type="number" inputMode="numeric" min={1} max={99} value={repeat.interval} onChange={(e) => set("interval", e.target.value)} />
            )}
          </Field>
        )}
      </div>

      {repeat.frequency === "weekly" && (
        <fieldset className="weekdays" aria-describedby={errors["rule.weekdays"] ? `${id}-weekdays-error` : undefined}>
          <legend>On</legend>
          {WEEKDAYS.map((day) => (
            <label key={day} className="checkbox">
              <input
                type="checkbox"
                checked={repeat.weekdays.includes(day)}
                onChange={(e) => set("weekdays", e.target.checked ? [...repeat.weekdays, day] : repeat.weekdays.filter((d) => d !== day))}
              />
              {WEEKDAY_NAMES[day]}
            </label>
          ))}
          {errors["rule.weekdays"] && (
            <p id={`${id}-weekdays-error`} className="field-error">
              {errors["rule.weekdays"]}
            </p>
          )}
        </fieldset>
      )}

      {repeat.frequency === "monthly" && (
        <fieldset className="choices">
          <legend>On</legend>
          {(["dayOfMonth", "nthWeekday"] as MonthlyKind[]).map((kind) => (
            <label key={kind} className="radio">
              <input type="radio" name={`${id}-monthly`} checked={repeat.monthlyKind === kind} onChange={() => set("monthlyKind", kind)} />
              {monthlyLabel(date, kind)}
            </label>
          ))}
        </fieldset>
      )}

      {repeat.frequency !== "none" && (
        <fieldset className="choices">
          <legend>Ends</legend>
          {(["never", "until", "count"] as EndKind[]).map((kind) => (
            <label key={kind} className="radio">
              <input type="radio" name={`${id}-end`} checked={repeat.endKind === kind} onChange={() => set("endKind", kind)} />
              {kind === "never" ? "Never" : kind === "until" ? "On a date" : "After a number of sessions"}
            </label>
          ))}
          {repeat.endKind === "until" && (
            <Field label="Last date" error={errors["rule.end.date"]}>
              {(control) => <input {...control} type="date" value={repeat.untilDate} onChange={(e) => set("untilDate", e.target.value)} />}
            </Field>
          )}
          {repeat.endKind === "count" && (
            <Field label="Number of sessions" error={errors["rule.end.count"]}>
              {(control) => (
                <input {...control} type="number" inputMode="numeric" min={1} value={repeat.count} onChange={(e) => set("count", e.target.value)} />
              )}
            </Field>
          )}
        </fieldset>
      )}

      <p className="repeat-summary" aria-live="polite" data-testid="repeat-summary">
        {summary ?? (repeat.frequency === "none" ? "A single session." : "")}
      </p>
    </fieldset>
  );
}

/** "On the 14th" or "On the second Tuesday", in the rule description's own words. */
function monthlyLabel(date: string, kind: MonthlyKind): string {
  const monthly = monthlyDayOf(date, kind);
  if (!monthly) return kind === "dayOfMonth" ? "On the same day of the month" : "On the same weekday of the month";
  const words = describeRule({ frequency: "monthly", interval: 1, monthly, end: { kind: "never" } }).replace(/^Every month /, "");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
