/**
 * The calendar (S-CAL-1 to S-CAL-5): month, week and day views in the user's time zone
 * with their sessions, the recurring sessions scheduled to be created and their own
 * Outlook events, one API call per visible range. The view and date live in the address,
 * so Back from an Outlook event (opened in the same tab) returns to the same place.
 */
import FullCalendar from "@fullcalendar/react";
import dayGridPlugin from "@fullcalendar/react/daygrid";
import timeGridPlugin from "@fullcalendar/react/timegrid";
import classicThemePlugin from "@fullcalendar/react/themes/classic";
import "@fullcalendar/react/skeleton.css";
import "@fullcalendar/react/themes/classic/theme.css";
import "@fullcalendar/react/themes/classic/palette.css";
import { useEffect, useMemo, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import type { EventClickInfo, EventInput } from "@fullcalendar/react";
import { errorMessage } from "../api.ts";
import { useMe } from "../auth.tsx";
import { kindColors, itemLink, placeFromSearch, useCalendarRange, CALENDAR_VIEWS } from "../calendarView.ts";
import { CalendarLegend } from "../components/CalendarLegend.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { OutlookRefresh } from "../components/OutlookRefresh.tsx";

const PLUGINS = [dayGridPlugin, timeGridPlugin, classicThemePlugin];
const TOOLBAR = { start: "prev,next today", center: "title", end: CALENDAR_VIEWS.join(",") };

export function CalendarPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  // Read once: afterwards FullCalendar owns the view and date and reports them back.
  const [initial] = useState(() => placeFromSearch(search));
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const [place, setPlace] = useState<{ view: string; date: string } | null>(null);
  const calendar = useCalendarRange(range);
  const colors = useMemo(() => kindColors(me.organization.branding), [me.organization.branding]);

  const events = useMemo<EventInput[]>(
    () =>
      (calendar.data?.items ?? []).map((item) => {
        const url = itemLink(item);
        return {
          id: `${item.kind}:${item.id}`,
          title: item.kind === "planned" ? `${item.title} (scheduled to be created)` : item.title,
          start: item.start,
          end: item.end,
          allDay: item.kind === "outlook" && item.allDay,
          ...(url ? { url } : {}),
          color: colors[item.kind].background,
          contrastColor: colors[item.kind].text,
          className: `calendar-item-${item.kind}`,
          extendedProps: { kind: item.kind },
        };
      }),
    [calendar.data, colors],
  );

  // FullCalendar reports its dates while rendering; the address follows afterwards.
  useEffect(() => {
    if (place && (search.get("view") !== place.view || search.get("date") !== place.date)) setSearch(place, { replace: true });
  }, [place, search, setSearch]);

  function onEventClick(info: EventClickInfo): void {
    // Sessions stay inside the app; an Outlook event's link opens in this tab, so Back returns here.
    if (info.event.extendedProps.kind !== "session" || !info.event.url) return;
    info.jsEvent.preventDefault();
    void navigate(info.event.url);
  }

  return (
    <>
      <div className="page-header">
        <h1>Calendar</h1>
      </div>
      <CalendarLegend colors={colors} />
      {calendar.data?.outlook && <OutlookRefresh outlook={calendar.data.outlook} timeZone={me.user.timeZone} />}
      {calendar.error && <ErrorMessage message={errorMessage(calendar.error)} onRetry={() => void calendar.refetch()} />}
      <div className="calendar-frame" data-testid="calendar" data-loaded={calendar.isSuccess && !calendar.isPlaceholderData ? "true" : "false"}>
        <FullCalendar
          plugins={PLUGINS}
          initialView={initial.view}
          {...(initial.date ? { initialDate: initial.date } : {})}
          timeZone={me.user.timeZone}
          headerToolbar={TOOLBAR}
          height="auto"
          nowIndicator
          eventDisplay="block"
          events={events}
          eventClick={onEventClick}
          datesSet={(info) => {
            setRange({ from: info.start.toISOString(), to: info.end.toISOString() });
            setPlace({ view: info.view.type, date: dateIn(info.view.currentStart, me.user.timeZone) });
          }}
        />
      </div>
    </>
  );
}

/** "YYYY-MM-DD" of an instant in a time zone. */
function dateIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}
