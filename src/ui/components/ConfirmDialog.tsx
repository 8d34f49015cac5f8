/**
 * A modal question with two answers (Escape answers no). useConfirm turns it into
 * `await confirm(...)` for event handlers.
 */
import type { ReactNode } from "react";
import { ModalDialog, useQuestion } from "./ModalDialog.tsx";

export interface ConfirmOptions {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel: string;
}

function ConfirmDialog({ title, message, confirmLabel, cancelLabel, onAnswer }: ConfirmOptions & { onAnswer: (yes: boolean) => void }) {
  return (
    <ModalDialog title={title} message={message} testId="confirm-dialog" onDecline={() => onAnswer(false)}>
      <button type="button" className="button" onClick={() => onAnswer(false)} autoFocus>
        {cancelLabel}
      </button>
      <button type="button" className="button primary" onClick={() => onAnswer(true)}>
        {confirmLabel}
      </button>
    </ModalDialog>
  );
}

/** The dialog element to render, and a function that asks and resolves to the answer. */
export function useConfirm(): [ReactNode, (options: ConfirmOptions) => Promise<boolean>] {
  return useQuestion<ConfirmOptions, boolean>((options, answer) => <ConfirmDialog {...options} onAnswer={answer} />);
}
