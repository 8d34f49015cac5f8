/**
 * A Yes/No option that saves as soon as it changes (no save button): it says "Saving…",
 * then "Saved", or shows the error beside the control and goes back to the stored value.
 * Read-only options are shown disabled with the reason. Used by My Options, Account
 * Options and each user's options alike; with `onClear`, a third answer "Not set" clears it.
 */
import { useId, useRef, useState } from "react";
import { errorMessage } from "../api.ts";

type Status = { kind: "idle" } | { kind: "saving" } | { kind: "saved" } | { kind: "error"; message: string };

interface YesNoAutosaveProps {
  label: string;
  /** The stored value; null when not set (then neither answer is chosen). */
  value: boolean | null;
  /** Resolves true once saved, false when the person backed out (nothing was changed). */
  onSave: (value: boolean) => Promise<boolean>;
  /** Offers "Not set", which calls this. */
  onClear?: (() => Promise<boolean>) | undefined;
  readOnlyReason?: string | null | undefined;
  testId: string;
}

type Choice = boolean | null;
const CHOICE_WORDS: Record<string, string> = { true: "Yes", false: "No", null: "Not set" };

export function YesNoAutosave({ label, value, onSave, onClear, readOnlyReason, testId }: YesNoAutosaveProps) {
  const id = useId();
  const [pending, setPending] = useState<{ choice: Choice } | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  // Only the latest change may report: an earlier answer arriving late must not overwrite it.
  const latest = useRef(0);
  const shown = pending === null ? value : pending.choice;
  const choices: Choice[] = onClear ? [true, false, null] : [true, false];
  const readOnly = Boolean(readOnlyReason);

  const change = async (next: Choice) => {
    const attempt = ++latest.current;
    setPending({ choice: next });
    setStatus({ kind: "saving" });
    let outcome: Status;
    try {
      const saved = next === null ? await onClear?.() : await onSave(next);
      outcome = saved === true ? { kind: "saved" } : { kind: "idle" };
    } catch (error) {
      outcome = { kind: "error", message: errorMessage(error) };
    }
    if (attempt !== latest.current) return;
    setPending(null);
    setStatus(outcome);
  };

  return (
    <fieldset className="yes-no" data-testid={testId} aria-describedby={readOnly ? `${id}-reason` : undefined}>
      <legend>{label}</legend>
      <div className="yes-no-choices">
        {choices.map((choice) => (
          <label key={String(choice)} className="radio">
            <input
              type="radio"
              name={id}
              value={CHOICE_WORDS[String(choice)]}
              checked={shown === choice}
              disabled={readOnly}
              onChange={() => void change(choice)}
            />
            {CHOICE_WORDS[String(choice)]}
          </label>
        ))}
        <span className="save-status" role="status" data-testid={`${testId}-status`}>
          {status.kind === "saving" && "Saving…"}
          {status.kind === "saved" && "Saved"}
        </span>
      </div>
      {status.kind === "error" && (
        <p className="field-error" role="alert" data-testid={`${testId}-error`}>
          {status.message}
        </p>
      )}
      {readOnly && (
        <p id={`${id}-reason`} className="hint" data-testid={`${testId}-reason`}>
          {readOnlyReason}
        </p>
      )}
    </fieldset>
  );
}
