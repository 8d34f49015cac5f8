/**
 * The shell of our modal questions, on the native <dialog> element (focus is kept inside,
 * Escape declines), and useQuestion, which turns such a dialog into `await ask(...)` for
 * event handlers.
 */
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";

export interface ModalDialogProps {
  title: string;
  message: string;
  testId: string;
  /** Escape pressed: the question is declined. */
  onDecline: () => void;
  actionsClassName?: string;
  /** The answer buttons. */
  children: ReactNode;
}

export function ModalDialog({ title, message, testId, onDecline, actionsClassName = "dialog-actions", children }: ModalDialogProps) {
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
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onDecline();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-message`}>{message}</p>
      <div className={actionsClassName}>{children}</div>
    </dialog>
  );
}

/**
 * The dialog element to render (from `render` while a question is pending), and a function
 * that asks and resolves to the answer the dialog gives.
 */
export function useQuestion<Question, Answer>(
  render: (question: Question, answer: (value: Answer) => void) => ReactNode,
): [ReactNode, (question: Question) => Promise<Answer>] {
  const [pending, setPending] = useState<{ question: Question; resolve: (value: Answer) => void } | null>(null);
  const ask = useCallback((question: Question) => new Promise<Answer>((resolve) => setPending({ question, resolve })), []);
  const dialog =
    pending &&
    render(pending.question, (value) => {
      pending.resolve(value);
      setPending(null);
    });
  return [dialog, ask];
}
