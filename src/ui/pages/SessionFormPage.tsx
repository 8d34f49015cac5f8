/**
 * /sessions/new and /sessions/:id/edit: loads what the form needs, sends a create (of a
 * session, or of a series when it repeats) or only the changed fields (asking first, for a
 * session of a series, which of its sessions change), and returns to the dashboard with the
 * session highlighted.
 */
import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useNavigate, useParams, useSearchParams } from "react-router";
import type { RecurrenceRule } from "../../domain/recurrence/rule.ts";
import type { SeriesView, SessionView } from "../../server/contract.ts";
import { api, errorMessage, fieldErrors, queryClient, queryKeys } from "../api.ts";
import { useMe } from "../auth.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { useScopeChoice, type SeriesScope } from "../components/ScopeDialog.tsx";
import { SessionForm, type FormFocus } from "../components/SessionForm.tsx";
import { noRepeat, ruleToRepeat } from "../repeatDraft.ts";
import { anythingChanged, createSeriesRequest, editSeriesRequest } from "../seriesRequests.ts";
import { changedFields, draftToRequest, newSessionDraft, sessionToDraft, type SessionRequest } from "../sessionDraft.ts";

export function SessionFormPage() {
  const { id } = useParams();
  const [searchParams] = useSearchParams();
  const focusParam = searchParams.get("focus");
  const focus: FormFocus | null = focusParam === "when" || focusParam === "host" ? focusParam : null;
  const hosts = useQuery({ queryKey: queryKeys.hosts, queryFn: api.hosts, staleTime: 60_000 });
  const session = useQuery({ queryKey: queryKeys.session(id ?? ""), queryFn: () => api.session(id ?? ""), enabled: id !== undefined });
  const seriesId = session.data?.series?.id;
  const series = useQuery({ queryKey: queryKeys.oneSeries(seriesId ?? ""), queryFn: () => api.series(seriesId ?? ""), enabled: seriesId !== undefined });

  const failed = hosts.error ?? session.error ?? series.error;
  if (failed) {
    const retry = hosts.error ? hosts.refetch : session.error ? session.refetch : series.refetch;
    return <ErrorMessage message={errorMessage(failed)} onRetry={() => void retry()} />;
  }
  if (!hosts.data || (id !== undefined && !session.data) || (seriesId !== undefined && !series.data)) {
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  }
  return <SessionEditor key={id ?? "new"} session={session.data ?? null} series={series.data ?? null} hosts={hosts.data.hosts} focus={focus} />;
}

interface SessionEditorProps {
  session: SessionView | null;
  /** The series the session belongs to, if any. */
  series: SeriesView | null;
  hosts: ReadonlyArray<{ id: string; name: string }>;
  focus: FormFocus | null;
}

interface Submission {
  request: SessionRequest;
  rule: RecurrenceRule | null;
  scope: SeriesScope | null;
}

function SessionEditor({ session, series, hosts, focus }: SessionEditorProps) {
  const me = useMe();
  const navigate = useNavigate();
  const [initial] = useState(() => (session ? sessionToDraft(session) : newSessionDraft(me.user, Date.now())));
  const [baseline] = useState(() => session && sessionToRequest(session));
  // New sessions may repeat; a session of a series shows its series' rule; a single session stays single.
  const [initialRepeat] = useState(() => (series ? ruleToRepeat(series.rule, initial.date) : session ? null : noRepeat(initial.date)));
  const [unchanged, setUnchanged] = useState(false);
  const [scopeDialog, askScope] = useScopeChoice();
  const save = useMutation({
    mutationFn: async ({ request, rule, scope }: Submission): Promise<string | undefined> => {
      if (!session) return rule ? (await api.createSeries(createSeriesRequest(request, rule))).nextSessions[0]?.id : (await api.createSession(request)).id;
      if (series && baseline && rule && (scope === "following" || scope === "series")) {
        await api.editSeries(series.id, editSeriesRequest(scope, session.id, { request: baseline, rule: series.rule }, { request, rule }));
        return session.id;
      }
      // A stored session the form cannot reproduce exactly is sent whole rather than guessed at.
      return (await api.updateSession(session.id, baseline ? changedFields(baseline, request) : request)).id;
    },
    onSuccess: (savedId) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.sessions });
      void queryClient.invalidateQueries({ queryKey: queryKeys.series });
      void navigate(savedId ? `/?session=${encodeURIComponent(savedId)}` : "/series");
    },
  });

  const submit = async (request: SessionRequest, rule: RecurrenceRule | null) => {
    const nothingChanged = baseline !== null && !anythingChanged({ request: baseline, rule: series?.rule ?? null }, { request, rule });
    setUnchanged(nothingChanged);
    if (nothingChanged) return;
    const scope = series
      ? await askScope({
          title: "Change which sessions?",
          message: "This session only, this session and the following ones of the series, or every future session of the series. Past sessions never change.",
          backLabel: "Keep editing",
        })
      : null;
    if (series && scope === null) return;
    save.mutate({ request, rule, scope });
  };

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
        initialRepeat={initialRepeat}
        onSubmit={(request, rule) => void submit(request, rule)}
      />
      {scopeDialog}
    </>
  );
}

/** The session as the form would send it, the baseline that edits are compared with. */
function sessionToRequest(session: SessionView): SessionRequest | null {
  const result = draftToRequest(sessionToDraft(session));
  return "request" in result ? result.request : null;
}
