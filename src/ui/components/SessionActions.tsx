/** What can be done to a session from the dashboard: reschedule, change host, cancel, copy join links. */
import { useMutation } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import type { SessionView } from "../../server/contract.ts";
import { api, errorMessage, queryClient, queryKeys } from "../api.ts";
import { useConfirm } from "./ConfirmDialog.tsx";
import { CopyLinkButton } from "./CopyLinkButton.tsx";
import { ErrorMessage } from "./ErrorMessage.tsx";

export function SessionActions({ session, startLabel }: { session: SessionView; startLabel: string }) {
  const navigate = useNavigate();
  const [dialog, confirm] = useConfirm();
  const cancel = useMutation({
    mutationFn: () => api.cancelSession(session.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.sessions }),
  });
  const edit = (focus: "when" | "host") => navigate(`/sessions/${session.id}/edit?focus=${focus}`);

  const askAndCancel = async () => {
    const yes = await confirm({
      title: "Cancel this session?",
      message: `“${session.title}” on ${startLabel} will be cancelled and its join links will stop working.`,
      confirmLabel: "Cancel session",
      cancelLabel: "Keep session",
    });
    if (yes) cancel.mutate();
  };

  return (
    <div className="session-actions">
      <button type="button" className="button small" onClick={() => void edit("when")}>
        Reschedule
      </button>
      <button type="button" className="button small" onClick={() => void edit("host")}>
        Change host
      </button>
      <button type="button" className="button small danger" disabled={cancel.isPending} onClick={() => void askAndCancel()}>
        Cancel
      </button>
      {session.hostJoinUrl && <CopyLinkButton label="Copy host link" url={session.hostJoinUrl} />}
      <CopyLinkButton label="Copy participant link" url={session.participantJoinUrl} />
      {cancel.error && <ErrorMessage message={errorMessage(cancel.error)} />}
      {dialog}
    </div>
  );
}
