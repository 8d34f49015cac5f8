/**
 * A Yes/No option that saves as soon as it changes (no save button): it says "Saving…",
 * then "Saved", or shows the error beside the control and goes back to the stored value.
 * Read-only options are shown disabled with the reason. Used by My Options, Account
 * Options and each user's options alike.
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
  readOnlyReason?: string | null | undefined;
  testId: string;
}

export function YesNoAutosave({ label, value, onSave, readOnlyReason, testId }: YesNoAutosaveProps) {
  const id = useId();
  const [pending, setPending] = useState<boolean | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  // Only the latest change may report: an earlier answer arriving late must not overwrite it.
  const latest = useRef(0);
  const shown = pending ?? value;
  const readOnly = Boolean(readOnlyReason);

  const change = async (next: boolean) => {
    const attempt = ++latest.current;
    setPending(next);
    setStatus({ kind: "saving" });
    let outcome: Status;
    try {
      outcome = (await onSave(next)) ? { kind: "saved" } : { kind: "idle" };
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
        {[true, false].map((choice) => (
          <label key={String(choice)} className="radio">
            <input
              type="radio"
              name={id}
              value={choice ? "yes" : "no"}
              checked={shown === choice}
              disabled={readOnly}
              onChange={() => void change(choice)}
            />
            {choice ? "Yes" : "No"}
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
