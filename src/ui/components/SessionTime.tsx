/** A session's start in its own time zone, and in the viewer's when their clocks differ. */
import { formatInstant, sameWallClock } from "../time.ts";

export function SessionTime({ startsAt, timeZone, viewerTimeZone }: { startsAt: string; timeZone: string; viewerTimeZone: string }) {
  return (
    <span className="session-time">
      <time dateTime={startsAt} data-testid="session-start">
        {formatInstant(startsAt, timeZone)}
      </time>
      {!sameWallClock(startsAt, timeZone, viewerTimeZone) && (
        <span className="viewer-time" data-testid="session-start-viewer">
          {" "}
          ({formatInstant(startsAt, viewerTimeZone)} your time)
        </span>
      )}
    </span>
  );
}
