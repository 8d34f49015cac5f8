/**
 * The dashboard: the user's active sessions, newest start first. `/?session=<id>` (from the
 * calendar) scrolls that session into view and highlights it.
 */
import { useEffect } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { newestFirst } from "../agenda.ts";
import { errorMessage } from "../api.ts";
import { useMe } from "../auth.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { CalendarIcon } from "../components/icons.tsx";
import { SessionCard } from "../components/SessionCard.tsx";
import { useSessions } from "../sessions.ts";

export function DashboardPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const highlightId = searchParams.get("session");
  const sessions = useSessions();
  const list = sessions.data ? newestFirst(sessions.data.sessions) : [];
  const highlightShown = list.some((session) => session.id === highlightId);
  // A session just created or edited may be missing from the list until the refetch lands.
  const highlightMissing = Boolean(highlightId && sessions.data && !sessions.isFetching && !highlightShown);

  useEffect(() => {
    if (!highlightId || !highlightShown) return;
    const element = document.getElementById(`session-${highlightId}`);
    element?.scrollIntoView({ block: "center" });
    element?.focus({ preventScroll: true });
  }, [highlightId, highlightShown]);

  return (
    <>
      <div className="page-header">
        <h1>Sessions</h1>
        <div className="page-header-actions">
          <button type="button" className="button primary" onClick={() => void navigate("/sessions/new")}>
            New session
          </button>
          <Link to="/series" className="button" data-testid="dashboard-series-link">
            Recurring series
          </Link>
          <Link to="/calendar" className="icon-button" aria-label="Calendar" title="Calendar" data-testid="dashboard-calendar-link">
            <CalendarIcon />
          </Link>
        </div>
      </div>
      {highlightMissing && <p className="notice">That session is no longer active, so it is not on your dashboard.</p>}
      {sessions.error && <ErrorMessage message={errorMessage(sessions.error)} onRetry={() => void sessions.refetch()} />}
      {sessions.isPending && (
        <p className="loading" role="status">
          Loading sessions…
        </p>
      )}
      {sessions.data && list.length === 0 && <p className="empty">No active sessions. Choose “New session” to schedule one.</p>}
      {list.length > 0 && (
        <ul className="session-list" aria-label="Active sessions" data-testid="session-list">
          {list.map((session) => (
            <SessionCard key={session.id} session={session} viewerTimeZone={me.user.timeZone} highlighted={session.id === highlightId} />
          ))}
        </ul>
      )}
    </>
  );
}
