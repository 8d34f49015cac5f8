/**
 * A modal question with two answers, on the native <dialog> element (focus is kept inside,
 * Escape answers no). useConfirm turns it into `await confirm(...)` for event handlers.
 */
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";

export interface ConfirmOptions {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel: string;
}

function ConfirmDialog({ title, message, confirmLabel, cancelLabel, onAnswer }: ConfirmOptions & { onAnswer: (yes: boolean) => void }) {
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
      data-testid="confirm-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onAnswer(false);
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-message`}>{message}</p>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => onAnswer(false)} autoFocus>
          {cancelLabel}
        </button>
        <button type="button" className="button primary" onClick={() => onAnswer(true)}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/** The dialog element to render, and a function that asks and resolves to the answer. */
export function useConfirm(): [ReactNode, (options: ConfirmOptions) => Promise<boolean>] {
  const [pending, setPending] = useState<(ConfirmOptions & { resolve: (yes: boolean) => void }) | null>(null);
  const confirm = useCallback(
    (options: ConfirmOptions) => new Promise<boolean>((resolve) => setPending({ ...options, resolve })),
    [],
  );
  const dialog = pending && (
    <ConfirmDialog
      {...pending}
      onAnswer={(yes) => {
        pending.resolve(yes);
        setPending(null);
      }}
    />
  );
  return [dialog, confirm];
}
