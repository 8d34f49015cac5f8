/**
 * /room/:token, where a join link leads. Public: the token is the only key. The video call
 * itself is outside the product for now, so the page says what it is for and when.
 */
import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { api, errorMessage, queryKeys } from "../api.ts";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { SessionTime } from "../components/SessionTime.tsx";

export function RoomPage() {
  const { token = "" } = useParams();
  const room = useQuery({ queryKey: queryKeys.room(token), queryFn: () => api.room(token) });
  const viewerTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  return (
    <main className="page narrow room">
      <h1>Video session</h1>
      {room.error && <ErrorMessage message={errorMessage(room.error)} />}
      {room.isPending && (
        <p className="loading" role="status">
          Loading…
        </p>
      )}
      {room.data && (
        <>
          <dl className="session-facts">
            <div>
              <dt>Starts</dt>
              <dd>
                <SessionTime startsAt={room.data.startsAt} timeZone={room.data.timeZone} viewerTimeZone={viewerTimeZone} />
              </dd>
            </div>
            <div>
              <dt>Duration</dt>
              <dd>{room.data.durationMin} min</dd>
            </div>
            <div>
              <dt>You join as</dt>
              <dd data-testid="room-role">{room.data.role === "host" ? "Host" : "Participant"}</dd>
            </div>
          </dl>
          <p data-testid="room-placeholder">
            The video call itself opens here. This page is a placeholder: the call is not part of CareRoom yet.
          </p>
        </>
      )}
    </main>
  );
}
