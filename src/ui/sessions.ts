/** The signed-in user's active sessions, shared by the dashboard and the calendar. */
import { useQuery } from "@tanstack/react-query";
import { api, queryKeys } from "./api.ts";

/** While any hosted session waits for Outlook, ask again so its badge turns without a reload. */
const PENDING_REFRESH_MS = 5_000;

export function useSessions() {
  return useQuery({
    queryKey: queryKeys.sessions,
    queryFn: api.sessions,
    refetchInterval: (query) =>
      query.state.data?.sessions.some((session) => session.hostedByMe && session.sync.state === "pending") ? PENDING_REFRESH_MS : false,
  });
}
