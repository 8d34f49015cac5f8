// GET .../calendarView and GET .../events/{id}/instances: the instances (single events and
// occurrences of series) overlapping a time window, paged like event lists and expressed in the
// Prefer: outlook.timezone zone.
import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { callerOf, requirePermission } from "./caller.ts";
import { preferredZone, renderPage } from "./collections.ts";
import { EVENT_PROPERTIES } from "./eventInput.ts";
import { instancesBetween } from "./occurrences.ts";
import { parseQueryOptions } from "./odata.ts";
import { CALENDAR_SCOPES, calendarOf, eventOf, odataContext, parsePath, USER_PREFIXES } from "./resources.ts";
import { requireWindow } from "./window.ts";

export function registerCalendarView(graph: FastifyInstance, context: EmulatorContext): void {
  for (const prefix of USER_PREFIXES) {
    for (const scope of CALENDAR_SCOPES) {
      graph.get(`${prefix}${scope}/calendarView`, async (request, reply) => {
        const caller = callerOf(request);
        requirePermission(caller, "calendars.read");
        const calendar = calendarOf(context, caller, parsePath(request.params), scope);
        const window = requireWindow(request.query);
        const options = parseQueryOptions(request.query, EVENT_PROPERTIES, "event");
        const filter = options.filter;
        const events = context.store
          .eventsOf(caller.mailbox.address, calendar?.id)
          .filter((event) => !filter || event.extendedProperties.some((property) => filter.matchesProperty(property)));
        return renderPage({
          context,
          request,
          mailbox: caller.mailbox,
          instances: instancesBetween(events, window.startMs, window.endMs),
          options,
          zone: preferredZone(request, reply),
          odataContext: odataContext(context.baseUrl(), caller.mailbox.userId, "calendarView", options.select, false),
        });
      });

      graph.get(`${prefix}${scope}/events/:id/instances`, async (request, reply) => {
        const caller = callerOf(request);
        requirePermission(caller, "calendars.read");
        const path = parsePath(request.params);
        const master = eventOf(context, caller, calendarOf(context, caller, path, scope), path.id);
        const window = requireWindow(request.query);
        const options = parseQueryOptions(request.query, EVENT_PROPERTIES, "event");
        // Only a series has instances; a single event answers an empty collection.
        const instances = master.recurrence ? instancesBetween([master], window.startMs, window.endMs) : [];
        return renderPage({
          context,
          request,
          mailbox: caller.mailbox,
          instances,
          options,
          zone: preferredZone(request, reply),
          odataContext: odataContext(context.baseUrl(), caller.mailbox.userId, `events('${encodeURIComponent(master.id)}')/instances`, options.select, false),
        });
      });
    }
  }
}
