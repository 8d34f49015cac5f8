/**
 * Which sessions of a series a change applies to: "This session only", "This and following"
 * or "Whole series", asked in a modal <dialog> (focus stays inside, Escape answers "go
 * back"). useScopeChoice turns it into `await ask(...)` for event handlers.
 */
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";

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
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-message`}
      data-testid="scope-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onAnswer(null);
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-message`}>{message}</p>
      <div className="dialog-actions scope-actions">
        {SCOPES.map(({ scope, label }, index) => (
          <button key={scope} type="button" className={`button${index === 0 ? " primary" : ""}`} autoFocus={index === 0} onClick={() => onAnswer(scope)}>
            {label}
          </button>
        ))}
        <button type="button" className="button" onClick={() => onAnswer(null)}>
          {backLabel}
        </button>
      </div>
    </dialog>
  );
}

/** The dialog element to render, and a function that asks and resolves to the scope (null: declined). */
export function useScopeChoice(): [ReactNode, (question: ScopeQuestion) => Promise<SeriesScope | null>] {
  const [pending, setPending] = useState<(ScopeQuestion & { resolve: (scope: SeriesScope | null) => void }) | null>(null);
  const ask = useCallback((question: ScopeQuestion) => new Promise<SeriesScope | null>((resolve) => setPending({ ...question, resolve })), []);
  const dialog = pending && (
    <ScopeDialog
      {...pending}
      onAnswer={(scope) => {
        pending.resolve(scope);
        setPending(null);
      }}
    />
  );
  return [dialog, ask];
}
