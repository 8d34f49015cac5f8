/**
 * The calendar, for now as an agenda: the user's sessions of the next 14 days, grouped by
 * day in their time zone. Each links to the dashboard, scrolled to that session (S-CAL-4).
 */
import { useState } from "react";
import { Link } from "react-router";
import { groupByDay } from "../agenda.ts";
import { errorMessage } from "../api.ts";
import { useMe } from "../auth.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { useSessions } from "../sessions.ts";
import { formatDay, formatTime } from "../time.ts";

const DAYS_AHEAD = 14;

export function CalendarPage() {
  const me = useMe();
  const timeZone = me.user.timeZone;
  const sessions = useSessions();
  // The horizon is fixed when the page opens, so it does not shift under the reader.
  const [nowMs] = useState(() => Date.now());
  const days = sessions.data ? groupByDay(sessions.data.sessions, timeZone, nowMs, DAYS_AHEAD) : [];

  return (
    <>
      <div className="page-header">
        <h1>Calendar</h1>
      </div>
      <p className="lead">
        Your sessions in the next {DAYS_AHEAD} days, in your time zone ({timeZone}).
      </p>
      {sessions.error && <ErrorMessage message={errorMessage(sessions.error)} onRetry={() => void sessions.refetch()} />}
      {sessions.isPending && (
        <p className="loading" role="status">
          Loading sessions…
        </p>
      )}
      {sessions.data && days.length === 0 && <p className="empty">No sessions in the next {DAYS_AHEAD} days.</p>}
      {days.map((day) => (
        <section key={day.date} className="agenda-day" aria-labelledby={`day-${day.date}`} data-testid="agenda-day" data-date={day.date}>
          <h2 id={`day-${day.date}`}>{formatDay(day.date)}</h2>
          <ul className="agenda-list">
            {day.sessions.map((session) => (
              <li key={session.id} className="agenda-item">
                <Link to={`/?session=${encodeURIComponent(session.id)}`} data-testid="agenda-session">
                  <span className="agenda-time">
                    <time dateTime={session.startsAt}>{formatTime(session.startsAt, timeZone)}</time>–
                    <time dateTime={session.endsAt}>{formatTime(session.endsAt, timeZone)}</time>
                  </span>
                  <span className="agenda-title">{session.title}</span>
                  <span className="agenda-host">{session.hostedByMe ? "You host" : `Host: ${session.host.name}`}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
