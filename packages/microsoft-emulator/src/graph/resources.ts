// Resolving the resource a Graph URL names for the caller: /me or /users/{id | userPrincipalName},
// the default calendar or /calendars/{id}, and one event, with Graph's 403/404 answers.
import { z } from "zod";
import type { EmulatorContext } from "../context.ts";
import type { StoredCalendar, StoredEvent } from "../model.ts";
import type { Caller } from "./caller.ts";
import { graphErrors } from "./errors.ts";

/** Every user-scoped route is served both as /me/... and /users/{user}/... */
export const USER_PREFIXES = ["/me", "/users/:user"] as const;

/** The calendar parts of a path: all events, the default calendar, or one calendar. */
export const CALENDAR_SCOPES = ["", "/calendar", "/calendars/:calendarId"] as const;

const pathParameters = z.object({ user: z.string().optional(), calendarId: z.string().optional(), id: z.string().optional() });
export type PathParameters = z.infer<typeof pathParameters>;

export function parsePath(params: unknown): PathParameters {
  return pathParameters.parse(params);
}

/** /users/{x} only reaches the signed-in user's own mailbox with delegated permissions. */
export function checkUser(caller: Caller, path: PathParameters): void {
  if (path.user === undefined) return;
  const user = path.user.toLowerCase();
  if (user !== caller.mailbox.userId && user !== caller.mailbox.address) throw graphErrors.accessDenied();
}

/** The calendar a path names; null for /me/events (every calendar of the mailbox). */
export function calendarOf(context: EmulatorContext, caller: Caller, path: PathParameters, scope: string): StoredCalendar | null {
  checkUser(caller, path);
  if (scope === "/calendar") return context.store.defaultCalendar(caller.mailbox.address);
  if (path.calendarId === undefined) return null;
  const calendar = context.store.calendars.get(path.calendarId);
  if (!calendar || calendar.mailbox !== caller.mailbox.address) throw graphErrors.itemNotFound();
  return calendar;
}

/** The calendar new events go to when the path names none. */
export function targetCalendar(context: EmulatorContext, caller: Caller, calendar: StoredCalendar | null): StoredCalendar {
  return calendar ?? context.store.defaultCalendar(caller.mailbox.address);
}

export function eventOf(context: EmulatorContext, caller: Caller, calendar: StoredCalendar | null, id: string | undefined): StoredEvent {
  const event = id === undefined ? undefined : context.store.events.get(id);
  if (!event || event.mailbox !== caller.mailbox.address || (calendar !== null && event.calendarId !== calendar.id)) throw graphErrors.itemNotFound();
  return event;
}

/** "https://graph.microsoft.com/v1.0/$metadata#users('id')/events(subject,start)/$entity" with the emulator's origin. */
export function odataContext(baseUrl: string, userId: string, segment: string, select: readonly string[] | null, entity: boolean): string {
  const selected = select ? `(${select.join(",")})` : "";
  return `${baseUrl}/v1.0/$metadata#users('${userId}')/${segment}${selected}${entity ? "/$entity" : ""}`;
}
