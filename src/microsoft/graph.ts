/**
 * Microsoft Graph v1.0 calendar calls for one mailbox, as a CalendarProvider. Requests go
 * through undici; every failure leaves as a ProviderFailure the reconciler can classify.
 * An expired access token (401) is refreshed once and the request retried once.
 */
import { Agent, request, type Dispatcher } from "undici";
import type { Event as GraphEvent } from "@microsoft/microsoft-graph-types";
import { z } from "zod";
import type { OutlookEventDraft } from "../domain/event.ts";
import { ProviderFailure, type CalendarProvider, type RemoteOwnEvent, type WrittenEvent } from "../domain/provider.ts";
import type { GraphEventId, SessionId } from "../domain/types.ts";
import { MANAGED_MARKER, MANAGED_PROPERTY_ID, SESSION_PROPERTY_ID, graphEventBody } from "./eventPayload.ts";

/** Supplies access tokens for one mailbox; `invalidate` forgets one Microsoft refused. */
export interface AccessTokenSource {
  accessToken(): Promise<string>;
  invalidate(): void;
}

export interface GraphClientOptions {
  /** e.g. https://graph.microsoft.com/v1.0 */
  baseUrl: string;
  dispatcher?: Dispatcher;
  requestTimeoutMs?: number;
}

const sharedAgent = new Agent({ keepAliveTimeout: 30_000, connections: 256 });

const WrittenSchema = z.object({ id: z.string(), changeKey: z.string().default("") });
const OwnEventSchema = z.object({
  id: z.string(),
  changeKey: z.string().default(""),
  singleValueExtendedProperties: z.array(z.object({ id: z.string(), value: z.string() })).default([]),
});
const OwnPageSchema = z.object({ value: z.array(OwnEventSchema), "@odata.nextLink": z.string().optional() });
const GraphErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) });

export function createGraphCalendar(tokens: AccessTokenSource, options: GraphClientOptions): CalendarProvider {
  const base = options.baseUrl.replace(/\/+$/, "");
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const dispatcher = options.dispatcher ?? sharedAgent;

  async function call(method: Dispatcher.HttpMethod, pathOrUrl: string, body?: GraphEvent): Promise<unknown> {
    const url = pathOrUrl.startsWith("http") ? pathOrUrl : `${base}${pathOrUrl}`;
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.accessToken();
      const response = await send(dispatcher, method, url, token, body, timeoutMs);
      if (response.statusCode === 401 && attempt === 0) {
        await response.body.dump();
        tokens.invalidate();
        continue;
      }
      if (response.statusCode >= 400) throw await httpFailure(response);
      if (response.statusCode === 204) {
        await response.body.dump();
        return undefined;
      }
      return response.body.json();
    }
  }

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

async function send(
  dispatcher: Dispatcher,
  method: Dispatcher.HttpMethod,
  url: string,
  token: string,
  body: GraphEvent | undefined,
  timeoutMs: number,
): Promise<Dispatcher.ResponseData> {
  try {
    return await request(url, {
      method,
      dispatcher,
      headers: {
        authorization: `Bearer ${token}`,
        accept: "application/json",
        ...(body ? { "content-type": "application/json" } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  } catch (thrown) {
    const code = typeof thrown === "object" && thrown !== null && "code" in thrown ? String(thrown.code) : "network_error";
    throw new ProviderFailure({ kind: "network", code }, "Microsoft Graph could not be reached or did not answer.");
  }
}

async function httpFailure(response: Dispatcher.ResponseData): Promise<ProviderFailure> {
  const text = await response.body.text().catch(() => "");
  let graphCode: string | undefined;
  let message: string | undefined;
  try {
    const parsed = GraphErrorSchema.safeParse(JSON.parse(text));
    if (parsed.success) {
      graphCode = parsed.data.error.code;
      message = parsed.data.error.message;
    }
  } catch {
    // A body that is not JSON (a proxy's HTML page) still leaves the status to classify.
  }
  const retryAfter = response.headers["retry-after"];
  const retryAfterHeader = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
  return new ProviderFailure(
    {
      kind: "http",
      status: response.statusCode,
      ...(graphCode ? { graphCode } : {}),
      ...(retryAfterHeader ? { retryAfterHeader } : {}),
      ...(message ? { message } : {}),
    },
    `Microsoft Graph answered ${response.statusCode}${graphCode ? ` ${graphCode}` : ""}.`,
  );
}
