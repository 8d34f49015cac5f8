// /v1.0/subscriptions for Outlook events: create (after the notificationUrl validation handshake),
// list, read, renew with PATCH, delete. Expired subscriptions are gone, as in Graph.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../context.ts";
import type { Mailbox, Subscription } from "../model.ts";
import { graphTimestamp } from "../dates.ts";
import { newGuid } from "../ids.ts";
import { callerOf, requirePermission, type Caller } from "./caller.ts";
import { GraphError, graphErrors } from "./errors.ts";

// Outlook event subscriptions without resource data live at most 10,080 minutes (7 days).
const MAX_LIFETIME_MS = 10_080 * 60 * 1000;
const MAX_PER_MAILBOX = 1000;
const CHANGE_TYPES = new Set(["created", "updated", "deleted"]);

const createBody = z.object({
  changeType: z.string(),
  notificationUrl: z.url(),
  lifecycleNotificationUrl: z.url().optional(),
  resource: z.string().min(1),
  expirationDateTime: z.string(),
  clientState: z.string().max(128).optional(),
  latestSupportedTlsVersion: z.string().optional(),
  includeResourceData: z.boolean().optional(),
});
const renewBody = z.object({ expirationDateTime: z.string() });
const idParameter = z.object({ id: z.string() });

const invalidRequest = (message: string) => new GraphError(400, "InvalidRequest", message);

/** The calendar a subscription resource names: null for every calendar (me/events). */
function calendarForResource(context: EmulatorContext, mailbox: Mailbox, resource: string): string | null {
  const match = /^\/?(?:me|users\/([^/]+))(\/calendar|\/calendars(?:\/([^/]+)|\('([^']+)'\)))?\/events$/i.exec(resource.trim());
  if (!match) throw invalidRequest(`Resource '${resource}' is not supported for change notifications by this emulator; use me/events or me/calendars/{id}/events.`);
  const user = match[1]?.toLowerCase();
  if (user !== undefined && user !== mailbox.userId && user !== mailbox.address) throw graphErrors.accessDenied();
  if (match[2] === undefined) return null;
  if (match[2].toLowerCase() === "/calendar") return context.store.defaultCalendar(mailbox.address).id;
  const calendarId = match[3] ?? match[4] ?? "";
  const calendar = context.store.calendars.get(decodeURIComponent(calendarId));
  if (!calendar || calendar.mailbox !== mailbox.address) throw graphErrors.itemNotFound();
  return calendar.id;
}

function expiration(context: EmulatorContext, value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalidRequest(`The expirationDateTime '${value}' is not a valid date and time.`);
  const now = context.clock.now();
  if (ms <= now) throw invalidRequest("Subscription expiration can only be in the future.");
  if (ms > now + MAX_LIFETIME_MS) throw invalidRequest("Subscription expiration can only be 10080 minutes in the future.");
  return ms;
}

export function registerSubscriptions(graph: FastifyInstance, context: EmulatorContext): void {
  const { store } = context;

  function render(subscription: Subscription, withContext: boolean): Record<string, unknown> {
    const mailbox = store.findMailbox(subscription.mailbox);
    return {
      ...(withContext ? { "@odata.context": `${context.baseUrl()}/v1.0/$metadata#subscriptions/$entity` } : {}),
      id: subscription.id,
      resource: subscription.resource,
      applicationId: subscription.clientId,
      changeType: subscription.changeTypes.join(","),
      clientState: subscription.clientState,
      notificationUrl: subscription.notificationUrl,
      notificationQueryOptions: null,
      lifecycleNotificationUrl: subscription.lifecycleNotificationUrl,
      expirationDateTime: graphTimestamp(subscription.expirationDateTime),
      creatorId: mailbox?.userId ?? null,
      includeResourceData: false,
      latestSupportedTlsVersion: subscription.latestSupportedTlsVersion,
      encryptionCertificate: null,
      encryptionCertificateId: null,
      notificationUrlAppId: null,
    };
  }

  /** A live subscription of the caller's app (expired ones are deleted on sight). */
  function owned(caller: Caller, id: string): Subscription {
    const subscription = store.subscriptions.get(id);
    if (subscription && subscription.expirationDateTime <= context.clock.now()) {
      store.removeSubscription(id);
      store.changed();
    }
    const live = store.subscriptions.get(id);
    if (!live || live.clientId !== caller.clientId || live.mailbox !== caller.mailbox.address) throw graphErrors.subscriptionNotFound(id);
    return live;
  }

  graph.post("/subscriptions", async (request, reply) => {
    const caller = callerOf(request);
    requirePermission(caller, "calendars.read");
    const parsed = createBody.safeParse(request.body);
    if (!parsed.success) throw invalidRequest(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "));
    const body = parsed.data;
    const changeTypes = body.changeType.split(",").map((type) => type.trim().toLowerCase());
    if (changeTypes.length === 0 || changeTypes.some((type) => !CHANGE_TYPES.has(type))) {
      throw invalidRequest(`The changeType '${body.changeType}' is not valid; use created, updated, deleted, separated by commas.`);
    }
    if (body.includeResourceData) throw invalidRequest("Resource data in notifications needs an encryption certificate, which this emulator does not support.");
    const calendarId = calendarForResource(context, caller.mailbox, body.resource);
    const expirationDateTime = expiration(context, body.expirationDateTime);
    const ofMailbox = store.subscriptionsOf(caller.mailbox.address);
    if (ofMailbox.length >= MAX_PER_MAILBOX) throw new GraphError(403, "ExtensionError", "The mailbox has reached its maximum number of subscriptions.");
    for (const url of [body.notificationUrl, body.lifecycleNotificationUrl]) {
      if (url !== undefined && !(await context.notifier.validate(url))) {
        throw new GraphError(400, "ValidationError", "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.");
      }
    }
    const subscription: Subscription = {
      id: newGuid(),
      mailbox: caller.mailbox.address,
      clientId: caller.clientId,
      resource: body.resource,
      calendarId,
      changeTypes,
      notificationUrl: body.notificationUrl,
      lifecycleNotificationUrl: body.lifecycleNotificationUrl ?? null,
      clientState: body.clientState ?? null,
      expirationDateTime,
      latestSupportedTlsVersion: body.latestSupportedTlsVersion ?? "v1_2",
    };
    store.addSubscription(subscription);
    store.changed();
    reply.code(201);
    return render(subscription, true);
  });

  graph.get("/subscriptions", async (request) => {
    const caller = callerOf(request);
    const now = context.clock.now();
    const mine = store.subscriptionsOf(caller.mailbox.address).filter(
      (subscription) => subscription.clientId === caller.clientId && subscription.expirationDateTime > now,
    );
    return { "@odata.context": `${context.baseUrl()}/v1.0/$metadata#subscriptions`, value: mine.map((subscription) => render(subscription, false)) };
  });

  graph.get("/subscriptions/:id", async (request) => {
    const subscription = owned(callerOf(request), idParameter.parse(request.params).id);
    return render(subscription, true);
  });

  graph.patch("/subscriptions/:id", async (request) => {
    const subscription = owned(callerOf(request), idParameter.parse(request.params).id);
    const parsed = renewBody.safeParse(request.body);
    if (!parsed.success) throw invalidRequest("Only expirationDateTime can be updated.");
    subscription.expirationDateTime = expiration(context, parsed.data.expirationDateTime);
    store.changed();
    return render(subscription, true);
  });

  graph.delete("/subscriptions/:id", async (request, reply) => {
    const subscription = owned(callerOf(request), idParameter.parse(request.params).id);
    store.removeSubscription(subscription.id);
    store.changed();
    return reply.code(204).send();
  });
}
