/** When the Outlook events were last read, and a Refresh button that asks the worker to read them now (S-CAL-5). */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { CalendarView } from "../../server/calendarContract.ts";
import { api, errorMessage } from "../api.ts";
import { formatInstant } from "../time.ts";

export function OutlookRefresh({ outlook, timeZone }: { outlook: NonNullable<CalendarView["outlook"]>; timeZone: string }) {
  const queryClient = useQueryClient();
  const refresh = useMutation({
    mutationFn: api.refreshCalendar,
    // The worker reads within moments; the page's regular refetch then shows the result.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["calendar"] }),
  });
  const when = outlook.lastRefreshedAt ? formatInstant(outlook.lastRefreshedAt, timeZone) : "not yet";
  return (
    <div className="calendar-refresh">
      <p role="status" data-testid="outlook-last-refreshed">
        Outlook events last refreshed {when}.
        {outlook.state === "needs_relink" && " Your Microsoft Calendar link has stopped working: relink it on your profile page."}
        {outlook.error && ` The last attempt failed: ${outlook.error}`}
      </p>
      {outlook.state === "active" && (
        <button type="button" className="button" onClick={() => refresh.mutate()} disabled={refresh.isPending}>
          {refresh.isPending ? "Refreshing…" : "Refresh"}
        </button>
      )}
      {refresh.error && <p role="alert">{errorMessage(refresh.error)}</p>}
    </div>
  );
}
