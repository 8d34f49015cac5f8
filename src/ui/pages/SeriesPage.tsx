/**
 * /series: the recurring series the user may see, each with its rule in words, its time,
 * its host and its next sessions (links to them on the dashboard).
 */
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import type { SeriesView } from "../../server/contract.ts";
import { api, errorMessage, queryKeys } from "../api.ts";
import { useMe } from "../auth.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { SessionTime } from "../components/SessionTime.tsx";

const STATUS_LABELS: Record<SeriesView["status"], string> = { active: "Active", ended: "No more sessions to create", cancelled: "Cancelled" };

export function SeriesPage() {
  const series = useQuery({ queryKey: queryKeys.series, queryFn: api.seriesList });
  return (
    <>
      <div className="page-header">
        <h1>Recurring series</h1>
        <div className="page-header-actions">
          <Link to="/sessions/new" className="button primary">
            New session
          </Link>
        </div>
      </div>
      <p className="hint">To start a series, choose “Repeat” when creating a session. Sessions are created a few weeks ahead.</p>
      {series.error && <ErrorMessage message={errorMessage(series.error)} onRetry={() => void series.refetch()} />}
      {series.isPending && (
        <p className="loading" role="status">
          Loading series…
        </p>
      )}
      {series.data && series.data.series.length === 0 && <p className="empty">No recurring series yet.</p>}
      {series.data && series.data.series.length > 0 && (
        <ul className="session-list" aria-label="Recurring series" data-testid="series-list">
          {series.data.series.map((one) => (
            <SeriesCard key={one.id} series={one} />
          ))}
        </ul>
      )}
    </>
  );
}

function SeriesCard({ series }: { series: SeriesView }) {
  const me = useMe();
  const titleId = `series-${series.id}-title`;
  return (
    <li className="session-card" aria-labelledby={titleId} data-testid="series-row" data-series-id={series.id}>
      <div className="session-head">
        <h2 id={titleId} className="session-title">
          {series.title}
        </h2>
        <span className="badge">{STATUS_LABELS[series.status]}</span>
      </div>
      <dl className="session-facts">
        <div>
          <dt>Repeats</dt>
          <dd data-testid="series-rule">{series.description}</dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>
            {series.firstStart.time} {series.timeZone.replaceAll("_", " ")}, {series.durationMin} min
          </dd>
        </div>
        <div>
          <dt>Host</dt>
          <dd>{series.host.name}</dd>
        </div>
        <div>
          <dt>Next sessions</dt>
          <dd>
            {series.nextSessions.length === 0 ? (
              "None scheduled"
            ) : (
              <ul className="plain-list" data-testid="series-next">
                {series.nextSessions.map((session) => (
                  <li key={session.id}>
                    <Link to={`/?session=${encodeURIComponent(session.id)}`}>
                      <SessionTime startsAt={session.startsAt} timeZone={series.timeZone} viewerTimeZone={me.user.timeZone} />
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
    </li>
  );
}
