/**
 * What can be done to a session from the dashboard: reschedule, change host, cancel, mark a
 * session under way as completed, copy join links. Cancelling a session of a series asks
 * which of its sessions to cancel.
 */
import { useMutation } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import type { SessionView } from "../../server/contract.ts";
import { api, errorMessage, queryClient, queryKeys } from "../api.ts";
import { useConfirm } from "./ConfirmDialog.tsx";
import { CopyLinkButton } from "./CopyLinkButton.tsx";
import { ErrorMessage } from "./ErrorMessage.tsx";
import { useScopeChoice, type SeriesScope } from "./ScopeDialog.tsx";

export function SessionActions({ session, startLabel }: { session: SessionView; startLabel: string }) {
  const navigate = useNavigate();
  const [dialog, confirm] = useConfirm();
  const [scopeDialog, askScope] = useScopeChoice();
  const cancel = useMutation({
    mutationFn: async (scope: SeriesScope) => {
      if (scope === "session" || !session.series) await api.cancelSession(session.id);
      else await api.cancelSeries(session.series.id, scope === "following" ? { scope, sessionId: session.id } : { scope });
    },
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.sessions });
      await queryClient.invalidateQueries({ queryKey: queryKeys.series });
    },
  });
  const complete = useMutation({
    mutationFn: () => api.completeSession(session.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.sessions }),
  });
  const started = Date.parse(session.startsAt) <= Date.now();
  const edit = (focus: "when" | "host") => navigate(`/sessions/${session.id}/edit?focus=${focus}`);

  const askAndCancel = async () => {
    if (session.series) {
      const scope = await askScope({
        title: "Cancel which sessions?",
        message: `“${session.title}” on ${startLabel} repeats. Cancelled sessions' join links stop working; past sessions are kept.`,
        backLabel: "Keep sessions",
      });
      if (scope) cancel.mutate(scope);
      return;
    }
    const yes = await confirm({
      title: "Cancel this session?",
      message: `“${session.title}” on ${startLabel} will be cancelled and its join links will stop working.`,
      confirmLabel: "Cancel session",
      cancelLabel: "Keep session",
    });
    if (yes) cancel.mutate("session");
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
      {started && (
        <button type="button" className="button small" disabled={complete.isPending} onClick={() => complete.mutate()}>
          Mark completed
        </button>
      )}
      {session.hostJoinUrl && <CopyLinkButton label="Copy host link" url={session.hostJoinUrl} />}
      <CopyLinkButton label="Copy participant link" url={session.participantJoinUrl} />
      {cancel.error && <ErrorMessage message={errorMessage(cancel.error)} />}
      {complete.error && <ErrorMessage message={errorMessage(complete.error)} />}
      {dialog}
      {scopeDialog}
    </div>
  );
}
