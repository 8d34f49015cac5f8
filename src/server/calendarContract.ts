/**
 * The calendar page's API shapes (S-CAL): one answer per visible range with the viewer's
 * sessions, the recurring sessions scheduled to be created, and their own Outlook events.
 * Imports nothing but zod, so the UI bundle can use it.
 */
import { z } from "zod";
import { LinkStateSchema } from "./contract.ts";

/** A month view shows six weeks; a little more leaves room for any view and time zone. */
export const CALENDAR_RANGE_MAX_DAYS = 62;

const isoInstant = z.iso.datetime({ offset: true, error: "must be a date and time such as 2026-12-01T00:00:00Z" });

export const CalendarQuerySchema = z.object({ from: isoInstant, to: isoInstant }).strict();
export type CalendarQuery = z.infer<typeof CalendarQuerySchema>;

export const CalendarItemSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("session"), id: z.string(), title: z.string(), start: z.string(), end: z.string() }),
  /** A recurring session scheduled to be created: no session exists yet, so it opens nothing. */
  z.object({ kind: z.literal("planned"), id: z.string(), seriesId: z.string(), title: z.string(), start: z.string(), end: z.string() }),
  z.object({
    kind: z.literal("outlook"),
    id: z.string(),
    title: z.string(),
    start: z.string(),
    end: z.string(),
    allDay: z.boolean(),
    /** Opens the event in Outlook; only http(s) addresses are ever passed on. */
    webLink: z.string().nullable(),
  }),
]);
export type CalendarItem = z.infer<typeof CalendarItemSchema>;

export const OutlookStatusSchema = z.object({
  state: LinkStateSchema,
  lastRefreshedAt: z.string().nullable(),
  /** Why the last read failed, in words; null when it worked. */
  error: z.string().nullable(),
});

export const CalendarSchema = z.object({
  items: z.array(CalendarItemSchema),
  /** Null when the viewer has no linked Outlook calendar. */
  outlook: OutlookStatusSchema.nullable(),
});
export type CalendarView = z.infer<typeof CalendarSchema>;
