// Event CRUD on /me/events, /me/calendar/events and /me/calendars/{id}/events (and the same under
// /users/{id}): list with $filter/$select/$top/$orderby/$expand, create with transactionId
// de-duplication, read, PATCH and DELETE with If-Match.
import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { callerOf, requirePermission } from "./caller.ts";
import { preferredZone, renderPage } from "./collections.ts";
import { parseEventInput, EVENT_PROPERTIES } from "./eventInput.ts";
import { renderInstance, singleInstance } from "./eventView.ts";
import { applySelect, parseQueryOptions, parsePreferences } from "./odata.ts";
import { CALENDAR_SCOPES, calendarOf, odataContext, parsePath, targetCalendar, USER_PREFIXES } from "./resources.ts";
import { findInstance } from "./occurrences.ts";
import { resolveZone } from "../timeZones.ts";

function ifMatchOf(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header.join(",") : header;
}

export function registerEvents(graph: FastifyInstance, context: EmulatorContext): void {
  const { store, operations } = context;

  for (const prefix of USER_PREFIXES) {
    for (const scope of CALENDAR_SCOPES) {
      const collection = `${prefix}${scope}/events`;

      graph.get(collection, async (request, reply) => {
        const caller = callerOf(request);
        requirePermission(caller, "calendars.read");
        const calendar = calendarOf(context, caller, parsePath(request.params), scope);
        const options = parseQueryOptions(request.query, EVENT_PROPERTIES, "event");
        const filter = options.filter;
        const events = store
          .eventsOf(caller.mailbox.address, calendar?.id)
          .filter((event) => !filter || event.extendedProperties.some((property) => filter.matchesProperty(property)))
          .sort((left, right) => left.createdDateTime - right.createdDateTime);
        return renderPage({
          context,
          request,
          mailbox: caller.mailbox,
          instances: events.map(singleInstance),
          options,
          zone: preferredZone(request, reply),
          odataContext: odataContext(context.baseUrl(), caller.mailbox.userId, "events", options.select, false),
        });
      });

      graph.post(collection, async (request, reply) => {
        const caller = callerOf(request);
        requirePermission(caller, "calendars.write");
        const calendar = targetCalendar(context, caller, calendarOf(context, caller, parsePath(request.params), scope));
        const event = operations.create(calendar, parseEventInput(request.body), caller.clientId);
        // A create answers in the zones the event was written with unless the client prefers one.
        const preferred = parsePreferences(request.headers.prefer).timeZone;
        const zone = preferred ? resolveZone(preferred) ?? null : null;
        if (zone) reply.header("preference-applied", `outlook.timezone="${zone.label}"`);
        reply.code(201).header("location", `${context.baseUrl()}/v1.0/users('${caller.mailbox.userId}')/events('${encodeURIComponent(event.id)}')`);
        return {
          "@odata.context": odataContext(context.baseUrl(), caller.mailbox.userId, "events", null, true),
          ...renderInstance(singleInstance(event), { baseUrl: context.baseUrl(), mailbox: caller.mailbox, zone, expand: null }),
        };
      });

      const item = `${collection}/:id`;

      graph.get(item, async (request, reply) => {
        const caller = callerOf(request);
        requirePermission(caller, "calendars.read");
        const path = parsePath(request.params);
        const calendar = calendarOf(context, caller, path, scope);
        const options = parseQueryOptions(request.query, EVENT_PROPERTIES, "event");
        const instance = findInstance(context, caller, calendar, path.id);
        const rendered = renderInstance(instance, {
          baseUrl: context.baseUrl(),
          mailbox: caller.mailbox,
          zone: preferredZone(request, reply),
          expand: options.expandExtendedProperties,
        });
        return {
          "@odata.context": odataContext(context.baseUrl(), caller.mailbox.userId, "events", options.select, true),
          ...applySelect(rendered, options.select),
        };
      });

      graph.patch(item, async (request, reply) => {
        const caller = callerOf(request);
        requirePermission(caller, "calendars.write");
        const path = parsePath(request.params);
        const instance = findInstance(context, caller, calendarOf(context, caller, path, scope), path.id);
        const updated = operations.updateInstance(instance, parseEventInput(request.body), ifMatchOf(request.headers["if-match"]));
        return {
          "@odata.context": odataContext(context.baseUrl(), caller.mailbox.userId, "events", null, true),
          ...renderInstance(updated, { baseUrl: context.baseUrl(), mailbox: caller.mailbox, zone: preferredZone(request, reply), expand: null }),
        };
      });

      graph.delete(item, async (request, reply) => {
        const caller = callerOf(request);
        requirePermission(caller, "calendars.write");
        const path = parsePath(request.params);
        const instance = findInstance(context, caller, calendarOf(context, caller, path, scope), path.id);
        operations.deleteInstance(instance, ifMatchOf(request.headers["if-match"]));
        return reply.code(204).send();
      });
    }
  }
}
