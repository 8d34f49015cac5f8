// /me/calendar and /me/calendars: the default calendar, the list, one calendar by id, and
// creating a secondary calendar.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../context.ts";
import type { Mailbox, StoredCalendar } from "../model.ts";
import { newChangeKey, newItemId } from "../ids.ts";
import { callerOf, requirePermission } from "./caller.ts";
import { GraphError, graphErrors } from "./errors.ts";
import { applySelect, parseQueryOptions } from "./odata.ts";
import { calendarOf, checkUser, odataContext, parsePath, USER_PREFIXES } from "./resources.ts";

const CALENDAR_PROPERTIES = new Set([
  "id", "allowedOnlineMeetingProviders", "canEdit", "canShare", "canViewPrivateItems", "changeKey", "color",
  "defaultOnlineMeetingProvider", "hexColor", "isDefaultCalendar", "isRemovable", "isTallyingResponses", "name", "owner",
]);

const newCalendarBody = z.object({ name: z.string().min(1), color: z.string().optional() });

export function renderCalendar(calendar: StoredCalendar, mailbox: Mailbox, baseUrl: string, tenantId: string): Record<string, unknown> {
  return {
    "@odata.id": `${baseUrl}/v1.0/users('${mailbox.userId}@${tenantId}')/calendars('${calendar.id}')`,
    "@odata.etag": `W/"${calendar.changeKey}"`,
    id: calendar.id,
    name: calendar.name,
    color: calendar.color,
    hexColor: calendar.hexColor,
    isDefaultCalendar: calendar.isDefaultCalendar,
    changeKey: calendar.changeKey,
    canShare: true,
    canViewPrivateItems: true,
    canEdit: true,
    allowedOnlineMeetingProviders: ["teamsForBusiness"],
    defaultOnlineMeetingProvider: "teamsForBusiness",
    isTallyingResponses: true,
    isRemovable: !calendar.isDefaultCalendar,
    owner: { name: mailbox.displayName, address: mailbox.address },
  };
}

export function registerCalendars(graph: FastifyInstance, context: EmulatorContext): void {
  const { store } = context;
  for (const prefix of USER_PREFIXES) {
    graph.get(`${prefix}/calendar`, async (request) => {
      const caller = callerOf(request);
      requirePermission(caller, "calendars.read");
      const calendar = calendarOf(context, caller, parsePath(request.params), "/calendar");
      if (!calendar) throw graphErrors.itemNotFound();
      const options = parseQueryOptions(request.query, CALENDAR_PROPERTIES, "calendar");
      return {
        "@odata.context": odataContext(context.baseUrl(), caller.mailbox.userId, "calendars", options.select, true),
        ...applySelect(renderCalendar(calendar, caller.mailbox, context.baseUrl(), store.tenantId), options.select),
      };
    });

    graph.get(`${prefix}/calendars`, async (request) => {
      const caller = callerOf(request);
      requirePermission(caller, "calendars.read");
      checkUser(caller, parsePath(request.params));
      const options = parseQueryOptions(request.query, CALENDAR_PROPERTIES, "calendar");
      const calendars = store.calendarsOf(caller.mailbox.address).sort((left, right) => Number(right.isDefaultCalendar) - Number(left.isDefaultCalendar));
      return {
        "@odata.context": odataContext(context.baseUrl(), caller.mailbox.userId, "calendars", options.select, false),
        value: calendars.map((calendar) => applySelect(renderCalendar(calendar, caller.mailbox, context.baseUrl(), store.tenantId), options.select)),
      };
    });

    graph.get(`${prefix}/calendars/:calendarId`, async (request) => {
      const caller = callerOf(request);
      requirePermission(caller, "calendars.read");
      const calendar = calendarOf(context, caller, parsePath(request.params), "/calendars/:calendarId");
      if (!calendar) throw graphErrors.itemNotFound();
      const options = parseQueryOptions(request.query, CALENDAR_PROPERTIES, "calendar");
      return {
        "@odata.context": odataContext(context.baseUrl(), caller.mailbox.userId, "calendars", options.select, true),
        ...applySelect(renderCalendar(calendar, caller.mailbox, context.baseUrl(), store.tenantId), options.select),
      };
    });

    graph.post(`${prefix}/calendars`, async (request, reply) => {
      const caller = callerOf(request);
      requirePermission(caller, "calendars.write");
      checkUser(caller, parsePath(request.params));
      const body = newCalendarBody.safeParse(request.body);
      if (!body.success) throw graphErrors.invalidRequest("A calendar needs a name.");
      if (store.calendarsOf(caller.mailbox.address).some((calendar) => calendar.name.toLowerCase() === body.data.name.toLowerCase())) {
        throw new GraphError(409, "ErrorFolderExists", "A folder with the specified name already exists.");
      }
      const calendar: StoredCalendar = {
        id: newItemId("AAMkAGCal"),
        mailbox: caller.mailbox.address,
        name: body.data.name,
        changeKey: newChangeKey(),
        color: body.data.color ?? "auto",
        hexColor: "",
        isDefaultCalendar: false,
      };
      store.addCalendar(calendar);
      store.changed();
      reply.code(201);
      return { "@odata.context": odataContext(context.baseUrl(), caller.mailbox.userId, "calendars", null, true), ...renderCalendar(calendar, caller.mailbox, context.baseUrl(), store.tenantId) };
    });
  }
}
