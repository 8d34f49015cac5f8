/**
 * /sessions/new and /sessions/:id/edit: loads what the form needs, sends a create or only
 * the changed fields, and returns to the dashboard with the session highlighted.
 */
import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useNavigate, useParams, useSearchParams } from "react-router";
import type { SessionView } from "../../server/contract.ts";
import { api, errorMessage, fieldErrors, queryClient, queryKeys } from "../api.ts";
import { useMe } from "../auth.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { SessionForm, type FormFocus } from "../components/SessionForm.tsx";
import { changedFields, draftToRequest, newSessionDraft, sessionToDraft, type SessionRequest } from "../sessionDraft.ts";

export function SessionFormPage() {
  const { id } = useParams();
  const [searchParams] = useSearchParams();
  const focusParam = searchParams.get("focus");
  const focus: FormFocus | null = focusParam === "when" || focusParam === "host" ? focusParam : null;
  const hosts = useQuery({ queryKey: queryKeys.hosts, queryFn: api.hosts, staleTime: 60_000 });
  const session = useQuery({ queryKey: queryKeys.session(id ?? ""), queryFn: () => api.session(id ?? ""), enabled: id !== undefined });

  const failed = hosts.error ?? session.error;
  if (failed) {
    return <ErrorMessage message={errorMessage(failed)} onRetry={() => void (hosts.error ? hosts.refetch() : session.refetch())} />;
  }
  if (!hosts.data || (id !== undefined && !session.data)) {
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  }
  return <SessionEditor key={id ?? "new"} session={session.data ?? null} hosts={hosts.data.hosts} focus={focus} />;
}

interface SessionEditorProps {
  session: SessionView | null;
  hosts: ReadonlyArray<{ id: string; name: string }>;
  focus: FormFocus | null;
}

function SessionEditor({ session, hosts, focus }: SessionEditorProps) {
  const me = useMe();
  const navigate = useNavigate();
  const [initial] = useState(() => (session ? sessionToDraft(session) : newSessionDraft(me.user, Date.now())));
  const [baseline] = useState(() => session && sessionToRequest(session));
  const [unchanged, setUnchanged] = useState(false);
  const save = useMutation({
    mutationFn: (request: SessionRequest) =>
      session
        ? // A stored session the form cannot reproduce exactly is sent whole rather than guessed at.
          api.updateSession(session.id, baseline ? changedFields(baseline, request) : request)
        : api.createSession(request),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.sessions });
      void navigate(`/?session=${encodeURIComponent(saved.id)}`);
    },
  });

  // The session's current host stays choosable even when no longer among the licensed hosts.
  const hostOptions = session && !hosts.some((host) => host.id === session.host.id) ? [...hosts, session.host] : hosts;

  return (
    <>
      <h1>{session ? `Edit “${session.title}”` : "New session"}</h1>
      {unchanged && (
        <p className="notice" role="status">
          Nothing has changed yet.
        </p>
      )}
      <SessionForm
        initial={initial}
        hosts={hostOptions}
        submitLabel={session ? "Save changes" : "Create session"}
        submitting={save.isPending}
        focus={focus}
        serverErrors={fieldErrors(save.error)}
        serverMessage={save.error ? errorMessage(save.error) : null}
        onSubmit={(request) => {
          const nothingChanged = baseline !== null && Object.keys(changedFields(baseline, request)).length === 0;
          setUnchanged(nothingChanged);
          if (!nothingChanged) save.mutate(request);
        }}
      />
    </>
  );
}

/** The session as the form would send it, the baseline that edits are compared with. */
function sessionToRequest(session: SessionView): SessionRequest | null {
  const result = draftToRequest(sessionToDraft(session));
  return "request" in result ? result.request : null;
}
