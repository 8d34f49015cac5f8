// GET .../calendarView/delta: a full round of the window's instances paged by $skiptoken, ending
// in a $deltatoken; later rounds from that token send only what changed, with @removed for
// instances deleted or moved out of the window. Unknown or expired tokens answer 410.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../context.ts";
import type { DeltaEntry, DeltaState, Mailbox } from "../model.ts";
import { newOpaqueToken } from "../ids.ts";
import { callerOf, requirePermission } from "./caller.ts";
import { preferredZone } from "./collections.ts";
import { graphErrors } from "./errors.ts";
import { renderInstance } from "./eventView.ts";
import { instanceById, instancesBetween } from "./occurrences.ts";
import { parsePreferences } from "./odata.ts";
import { CALENDAR_SCOPES, calendarOf, parsePath, USER_PREFIXES } from "./resources.ts";
import { requireWindow } from "./window.ts";

const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 1000;
// Outlook keeps sync state for about a week; older tokens answer 410 and a new full round is needed.
const TOKEN_LIFETIME_MS = 7 * 24 * 3600 * 1000;

const deltaQuery = z.looseObject({ $skiptoken: z.string().optional(), $deltatoken: z.string().optional() });
const UNSUPPORTED = ["$select", "$filter", "$orderby", "$expand", "$search"];

function currentState(context: EmulatorContext, state: Pick<DeltaState, "mailbox" | "calendarId" | "startMs" | "endMs">): Record<string, string> {
  const events = context.store.eventsOf(state.mailbox, state.calendarId);
  return Object.fromEntries(instancesBetween(events, state.startMs, state.endMs).map((instance) => [instance.id, instance.changeKey]));
}

/** What a client that has seen `known` must be told to reach `current`. */
function differences(known: Record<string, string>, current: Record<string, string>): DeltaEntry[] {
  const entries: DeltaEntry[] = [];
  for (const [id, changeKey] of Object.entries(current)) if (known[id] !== changeKey) entries.push({ id, removed: false, changeKey });
  for (const id of Object.keys(known)) if (!(id in current)) entries.push({ id, removed: true });
  return entries;
}

export function registerDelta(graph: FastifyInstance, context: EmulatorContext): void {
  const { store, clock } = context;

  function loadState(token: string, mailbox: Mailbox, kind: DeltaState["kind"]): DeltaState {
    const state = store.deltaStates.get(token);
    if (!state || state.kind !== kind || state.mailbox !== mailbox.address) throw graphErrors.syncStateNotFound();
    if (state.createdAt + TOKEN_LIFETIME_MS < clock.now()) {
      store.removeDeltaState(token);
      throw graphErrors.syncStateNotFound();
    }
    return state;
  }

  function respond(request: FastifyRequest, reply: FastifyReply, mailbox: Mailbox, base: DeltaState, pending: DeltaEntry[], final: Record<string, string>) {
    const requested = parsePreferences(request.headers.prefer).maxPageSize;
    const pageSize = Math.max(1, Math.min(requested ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE));
    const zone = preferredZone(request, reply);
    if (requested !== null) {
      const applied = reply.getHeader("preference-applied");
      reply.header("preference-applied", [`odata.maxpagesize=${pageSize}`, ...(typeof applied === "string" ? [applied] : [])].join(", "));
    }
    const page = pending.slice(0, pageSize);
    const rest = pending.slice(pageSize);
    const value = page.map((entry) => {
      const instance = entry.removed ? undefined : instanceById(store.events, entry.id);
      if (!instance) return { "@odata.type": "#microsoft.graph.event", id: entry.id, "@removed": { reason: "deleted" } };
      return { "@odata.type": "#microsoft.graph.event", ...renderInstance(instance, { baseUrl: context.baseUrl(), mailbox, zone, expand: null }) };
    });
    const token = newOpaqueToken(24);
    const more = rest.length > 0;
    store.saveDeltaState({ ...base, token, kind: more ? "skip" : "delta", pending: rest, known: final, createdAt: clock.now() });
    const path = (request.url.split("?")[0] ?? "").replace(/^\/v1\.0/, "");
    const link = `${context.baseUrl()}/v1.0${path}?${more ? "$skiptoken" : "$deltatoken"}=${token}`;
    return {
      "@odata.context": `${context.baseUrl()}/v1.0/$metadata#Collection(event)`,
      ...(more ? { "@odata.nextLink": link } : { "@odata.deltaLink": link }),
      value,
    };
  }

  for (const prefix of USER_PREFIXES) {
    for (const scope of CALENDAR_SCOPES) {
      graph.get(`${prefix}${scope}/calendarView/delta`, async (request, reply) => {
        const caller = callerOf(request);
        requirePermission(caller, "calendars.read");
        const calendar = calendarOf(context, caller, parsePath(request.params), scope);
        const query = deltaQuery.parse(request.query ?? {});
        for (const option of UNSUPPORTED) {
          if (Object.keys(query).some((name) => name.toLowerCase() === option)) {
            throw graphErrors.badRequest(`The query parameter '${option}' is not supported with change tracking over the 'calendarView' resource.`);
          }
        }
        if (query.$skiptoken) {
          const state = loadState(query.$skiptoken, caller.mailbox, "skip");
          return respond(request, reply, caller.mailbox, state, state.pending, state.known);
        }
        if (query.$deltatoken) {
          const state = loadState(query.$deltatoken, caller.mailbox, "delta");
          const current = currentState(context, state);
          return respond(request, reply, caller.mailbox, state, differences(state.known, current), current);
        }
        const window = requireWindow(request.query);
        const base: DeltaState = {
          token: "",
          mailbox: caller.mailbox.address,
          calendarId: calendar?.id ?? null,
          startMs: window.startMs,
          endMs: window.endMs,
          known: {},
          pending: [],
          kind: "delta",
          createdAt: clock.now(),
        };
        const current = currentState(context, base);
        return respond(request, reply, caller.mailbox, base, differences({}, current), current);
      });
    }
  }
}
