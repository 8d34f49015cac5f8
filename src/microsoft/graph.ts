/**
 * Microsoft Graph v1.0 calendar calls for one mailbox, as a CalendarProvider. Requests go
 * through graphHttp.ts, so every failure leaves as a ProviderFailure the reconciler can
 * classify, and an expired access token is refreshed once.
 */
import type { Event as GraphEvent } from "@microsoft/microsoft-graph-types";
import { z } from "zod";
import type { CalendarProvider, RemoteOwnEvent, WrittenEvent } from "../domain/provider.ts";
import type { GraphEventId, SessionId } from "../domain/types.ts";
import { MANAGED_MARKER, MANAGED_PROPERTY_ID, SESSION_PROPERTY_ID, graphEventBody } from "./eventPayload.ts";
import { createGraphCall, type AccessTokenSource, type GraphClientOptions } from "./graphHttp.ts";

const WrittenSchema = z.object({ id: z.string(), changeKey: z.string().default("") });
const OwnEventSchema = z.object({
  id: z.string(),
  changeKey: z.string().default(""),
  singleValueExtendedProperties: z.array(z.object({ id: z.string(), value: z.string() })).default([]),
});
const OwnPageSchema = z.object({ value: z.array(OwnEventSchema), "@odata.nextLink": z.string().optional() });

export function createGraphCalendar(tokens: AccessTokenSource, options: GraphClientOptions): CalendarProvider {
  const graphCall = createGraphCall(tokens, options);
  const call = (method: "GET" | "POST" | "PATCH" | "DELETE", pathOrUrl: string, body?: GraphEvent) =>
    graphCall(method, pathOrUrl, body === undefined ? {} : { body });

  const ownFilter = encodeURIComponent(
    `singleValueExtendedProperties/Any(ep: ep/id eq '${MANAGED_PROPERTY_ID}' and ep/value eq '${MANAGED_MARKER}')`,
  );
  const expandSession = encodeURIComponent(`singleValueExtendedProperties($filter=id eq '${SESSION_PROPERTY_ID}')`);

  async function* pages(firstPath: string): AsyncIterable<RemoteOwnEvent[]> {
    let next: string | undefined = firstPath;
    while (next) {
      const page = OwnPageSchema.parse(await call("GET", next));
      yield page.value.flatMap(toOwnEvent);
      next = page["@odata.nextLink"];
    }
  }

  return {
    async createEvent(draft, transactionId) {
      const created = WrittenSchema.parse(await call("POST", "/me/events", graphEventBody(draft, { transactionId })));
      return written(created);
    },
    async updateEvent(id, draft) {
      return written(WrittenSchema.parse(await call("PATCH", `/me/events/${encodeURIComponent(id)}`, graphEventBody(draft))));
    },
    async deleteEvent(id) {
      await call("DELETE", `/me/events/${encodeURIComponent(id)}`);
    },
    async findEventsBySession(sessionId) {
      const filter = encodeURIComponent(
        `singleValueExtendedProperties/Any(ep: ep/id eq '${SESSION_PROPERTY_ID}' and ep/value eq '${sessionId}')`,
      );
      const found: RemoteOwnEvent[] = [];
      for await (const page of pages(`/me/events?$filter=${filter}&$select=id,changeKey&$expand=${expandSession}&$top=50`)) {
        found.push(...page);
      }
      return found;
    },
    listOwnEvents() {
      return pages(`/me/events?$filter=${ownFilter}&$select=id,changeKey&$expand=${expandSession}&$top=100`);
    },
  };
}

function written(event: z.infer<typeof WrittenSchema>): WrittenEvent {
  return { id: event.id as GraphEventId, changeKey: event.changeKey };
}

function toOwnEvent(event: z.infer<typeof OwnEventSchema>): RemoteOwnEvent[] {
  const property = event.singleValueExtendedProperties.find((p) => p.id.toLowerCase() === SESSION_PROPERTY_ID.toLowerCase());
  if (!property) return [];
  return [{ id: event.id as GraphEventId, sessionId: property.value as SessionId, changeKey: event.changeKey }];
}
