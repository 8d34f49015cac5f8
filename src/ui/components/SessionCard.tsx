/** One session on the dashboard: when, how long, what, who, its state, and its actions. */
import type { SessionView } from "../../server/contract.ts";
import { formatInstant } from "../time.ts";
import { SessionActions } from "./SessionActions.tsx";
import { SessionTime } from "./SessionTime.tsx";
import { SyncBadge } from "./SyncBadge.tsx";

const STATUS_LABELS: Record<SessionView["status"], string> = {
  scheduled: "Scheduled",
  cancelled: "Cancelled",
  completed: "Completed",
};

interface SessionCardProps {
  session: SessionView;
  viewerTimeZone: string;
  highlighted: boolean;
}

export function SessionCard({ session, viewerTimeZone, highlighted }: SessionCardProps) {
  const titleId = `session-${session.id}-title`;
  const participants = session.participants.map((participant) => participant.name).join(", ");
  return (
    <li
      id={`session-${session.id}`}
      className={`session-card${highlighted ? " highlighted" : ""}`}
      aria-labelledby={titleId}
      aria-current={highlighted ? "true" : undefined}
      tabIndex={highlighted ? -1 : undefined}
      data-testid="session-row"
      data-session-id={session.id}
      data-highlighted={highlighted ? "true" : undefined}
    >
      <div className="session-head">
        <h2 id={titleId} className="session-title">
          {session.title}
        </h2>
        <span className="badge" data-testid="session-status">
          {STATUS_LABELS[session.status]}
        </span>
        {session.series && (
          <span className="badge badge-repeats" data-testid="session-repeats">
            Repeats
          </span>
        )}
        {session.hostedByMe && <SyncBadge sync={session.sync} />}
      </div>
      <dl className="session-facts">
        <div>
          <dt>Starts</dt>
          <dd>
            <SessionTime startsAt={session.startsAt} timeZone={session.timeZone} viewerTimeZone={viewerTimeZone} />
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd data-testid="session-duration">{session.durationMin} min</dd>
        </div>
        <div>
          <dt>Host</dt>
          <dd data-testid="session-host">
            {session.host.name}
            {session.hostedByMe && <span className="badge badge-you">You host</span>}
          </dd>
        </div>
        <div>
          <dt>Participants</dt>
          <dd data-testid="session-participants">{participants || "None"}</dd>
        </div>
      </dl>
      <SessionActions session={session} startLabel={formatInstant(session.startsAt, session.timeZone)} />
    </li>
  );
}
