/**
 * Which sessions of a series a change applies to: "This session only", "This and following"
 * or "Whole series", asked in a modal dialog (Escape answers "go back"). useScopeChoice turns it into
 * `await ask(...)` for event handlers.
 */
import type { ReactNode } from "react";
import { ModalDialog, useQuestion } from "./ModalDialog.tsx";

export type SeriesScope = "session" | "following" | "series";

const SCOPES: ReadonlyArray<{ scope: SeriesScope; label: string }> = [
  { scope: "session", label: "This session only" },
  { scope: "following", label: "This and following" },
  { scope: "series", label: "Whole series" },
];

export interface ScopeQuestion {
  title: string;
  message: string;
  /** What declining is called, e.g. "Keep editing" or "Keep sessions". */
  backLabel: string;
}

function ScopeDialog({ title, message, backLabel, onAnswer }: ScopeQuestion & { onAnswer: (scope: SeriesScope | null) => void }) {
  return (
    <ModalDialog title={title} message={message} testId="scope-dialog" onDecline={() => onAnswer(null)} actionsClassName="dialog-actions scope-actions">
      {SCOPES.map(({ scope, label }, index) => (
        <button key={scope} type="button" className={`button${index === 0 ? " primary" : ""}`} autoFocus={index === 0} onClick={() => onAnswer(scope)}>
          {label}
        </button>
      ))}
      <button type="button" className="button" onClick={() => onAnswer(null)}>
        {backLabel}
      </button>
    </ModalDialog>
  );
}

/** The dialog element to render, and a function that asks and resolves to the scope (null: declined). */
export function useScopeChoice(): [ReactNode, (question: ScopeQuestion) => Promise<SeriesScope | null>] {
  return useQuestion<ScopeQuestion, SeriesScope | null>((question, answer) => <ScopeDialog {...question} onAnswer={answer} />);
}
