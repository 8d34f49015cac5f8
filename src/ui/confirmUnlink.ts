/**
 * Saving an option that may unlink people's calendars (S-OPT-6): the server answers 409
 * CONFIRM_UNLINK with how many links it would end; the person confirms in their words and
 * the change is sent again with confirmUnlink, or they back out and nothing changes.
 */
import type { ReactNode } from "react";
import { UnlinkConfirmationSchema } from "../server/contract.ts";
import { ApiError } from "./api.ts";
import { useConfirm } from "./components/ConfirmDialog.tsx";

/** `send(false)` asks plainly; `send(true)` repeats the change with the confirmation. */
export type ConfirmableSend = (confirmUnlink: boolean) => Promise<unknown>;

export function useUnlinkConfirmedSave(): [ReactNode, (send: ConfirmableSend) => Promise<boolean>] {
  const [dialog, confirm] = useConfirm();
  const save = async (send: ConfirmableSend): Promise<boolean> => {
    try {
      await send(false);
      return true;
    } catch (error) {
      const question = error instanceof ApiError && error.status === 409 ? UnlinkConfirmationSchema.safeParse(error.raw) : null;
      if (!question?.success) throw error;
      const yes = await confirm({
        title: question.data.linkedUsers === 1 ? "Unlink 1 calendar?" : `Unlink ${question.data.linkedUsers} calendars?`,
        message: question.data.message,
        confirmLabel: "Confirm",
        cancelLabel: "Cancel",
      });
      if (!yes) return false;
      await send(true);
      return true;
    }
  };
  return [dialog, save];
}
