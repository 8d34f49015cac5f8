/**
 * The calendar page's state in the address (view and date, so Back from an Outlook event
 * returns to the same place), its data for the visible range, and how each kind of item
 * is coloured (S-CAL-3). Colours are pure functions of the branding, tested in Node.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Branding } from "../server/contract.ts";
import type { CalendarItem } from "../server/calendarContract.ts";
import { api, queryKeys } from "./api.ts";
import { readableTextColor, WHITE } from "./colors.ts";

export const CALENDAR_VIEWS = ["dayGridMonth", "timeGridWeek", "timeGridDay"] as const;
export type CalendarViewName = (typeof CALENDAR_VIEWS)[number];

/** Often enough that a change Microsoft notified shows within seconds, cheap because it only reads our database. */
const REFETCH_MS = 10_000;
export const OUTLOOK_GREY = "#4a4a4a";

export interface CalendarPlace {
  view: CalendarViewName;
  /** "YYYY-MM-DD", or null for today. */
  date: string | null;
}

export function placeFromSearch(search: URLSearchParams): CalendarPlace {
  const view = search.get("view");
  const date = search.get("date");
  return {
    view: CALENDAR_VIEWS.find((name) => name === view) ?? "timeGridWeek",
    date: date !== null && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null,
  };
}

export interface KindColors {
  background: string;
  text: string;
}

export function kindColors(branding: Branding): Record<CalendarItem["kind"], KindColors> {
  return {
    session: { background: branding.primaryColor, text: readableTextColor(branding.primaryColor) },
    planned: { background: branding.secondaryColor, text: readableTextColor(branding.secondaryColor) },
    outlook: { background: OUTLOOK_GREY, text: WHITE },
  };
}

export const KIND_LABELS: Record<CalendarItem["kind"], string> = {
  session: "Sessions",
  planned: "Recurring sessions scheduled to be created",
  outlook: "Outlook events",
};

/** Where clicking an item goes: a session's place on the dashboard, an Outlook event's own page. */
export function itemLink(item: CalendarItem): string | undefined {
  if (item.kind === "session") return `/?session=${encodeURIComponent(item.id)}`;
  if (item.kind === "outlook") return item.webLink ?? undefined;
  return undefined;
}

export function useCalendarRange(range: { from: string; to: string } | null) {
  return useQuery({
    queryKey: queryKeys.calendar(range?.from ?? "", range?.to ?? ""),
    queryFn: () => api.calendar(range!),
    enabled: range !== null,
    refetchInterval: REFETCH_MS,
    // Moving to the next week keeps the last one on screen until the new range arrives.
    placeholderData: keepPreviousData,
  });
}
