// The control API under /_emulator for tests and demos: inspect and change mailboxes as their
// owners would, revoke consent, queue faults, reset state, move the clock, read statistics.
import type { FastifyInstance, FastifyReply } from "fastify";
import { z, ZodError } from "zod";
import type { EmulatorContext } from "./context.ts";
import type { Mailbox } from "./model.ts";
import { faultListSchema } from "./faults.ts";
import { GraphError } from "./graph/errors.ts";
import { parseEventInput } from "./graph/eventInput.ts";
import { renderInstance, singleInstance, type Instance } from "./graph/eventView.ts";
import { instanceById } from "./graph/occurrences.ts";
import { UTC_ZONE } from "./timeZones.ts";

const addressParameter = z.object({ address: z.string().min(3) });
const eventParameters = z.object({ address: z.string().min(3), id: z.string().min(1) });
const revokeBody = z.object({ reason: z.enum(["consent", "password"]).default("consent"), clientId: z.string().optional() }).default({ reason: "consent" });
const mailboxBody = z.object({ address: z.email(), displayName: z.string().min(1).optional() });
const appBody = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1).optional(),
  redirectUris: z.array(z.url()).default([]),
  displayName: z.string().min(1).optional(),
});
const clockBody = z.object({ advanceSeconds: z.number().positive() });
const lifecycleParameters = z.object({ id: z.string() });
const lifecycleBody = z.object({ lifecycleEvent: z.enum(["reauthorizationRequired", "subscriptionRemoved", "missed"]) });

class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function mailboxOrFail(context: EmulatorContext, address: string): Mailbox {
  const mailbox = context.store.findMailbox(address);
  if (!mailbox) throw new ControlError(404, "MailboxNotFound", `No mailbox ${address}`);
  return mailbox;
}

function instanceOrFail(context: EmulatorContext, mailbox: Mailbox, id: string): Instance {
  const instance = instanceById(context.store.events, id);
  if (!instance || instance.event.mailbox !== mailbox.address) throw new ControlError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
  return instance;
}

/** An event as Graph returns it, plus every extended property and who created it. */
function ownerView(context: EmulatorContext, mailbox: Mailbox, instance: Instance): Record<string, unknown> {
  const { event } = instance;
  return {
    ...renderInstance(instance, { baseUrl: context.baseUrl(), mailbox, zone: UTC_ZONE, expand: null }),
    singleValueExtendedProperties: event.extendedProperties.map(({ id, value }) => ({ id, value })),
    createdByClientId: event.createdByClientId,
  };
}

export function registerControl(app: FastifyInstance, context: EmulatorContext, resetAll: () => void): void {
  const { store } = context;

  app.register(
    async (control) => {
      control.setErrorHandler((error: Error, _request, reply: FastifyReply) => {
        if (error instanceof ControlError) return reply.code(error.status).send({ error: { code: error.code, message: error.message } });
        if (error instanceof GraphError) return reply.code(error.status).send({ error: { code: error.code, message: error.message } });
        if (error instanceof ZodError) return reply.code(400).send({ error: { code: "BadRequest", message: error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ") } });
        if ("statusCode" in error && typeof error.statusCode === "number" && error.statusCode < 500) {
          return reply.code(error.statusCode).send({ error: { code: "BadRequest", message: error.message } });
        }
        return reply.code(500).send({ error: { code: "InternalError", message: error.message } });
      });

      control.get("/mailboxes", async () => ({
        value: [...store.mailboxes.values()].map((mailbox) => ({
          address: mailbox.address,
          displayName: mailbox.displayName,
          userId: mailbox.userId,
          eventCount: store.eventCount(mailbox.address),
        })),
      }));

      control.post("/mailboxes", async (request, reply) => {
        const body = mailboxBody.parse(request.body);
        const mailbox = store.ensureMailbox(body.address, body.displayName);
        return reply.code(201).send({ address: mailbox.address, displayName: mailbox.displayName, userId: mailbox.userId, eventCount: store.eventCount(mailbox.address) });
      });

      control.get("/mailboxes/:address/events", async (request) => {
        const mailbox = mailboxOrFail(context, addressParameter.parse(request.params).address);
        const events = store.eventsOf(mailbox.address).sort((left, right) => left.startMs - right.startMs);
        return { value: events.map((event) => ownerView(context, mailbox, singleInstance(event))) };
      });

      control.post("/mailboxes/:address/events", async (request, reply) => {
        const mailbox = store.ensureMailbox(addressParameter.parse(request.params).address);
        const event = context.operations.create(store.defaultCalendar(mailbox.address), parseEventInput(request.body), null);
        return reply.code(201).send(ownerView(context, mailbox, singleInstance(event)));
      });

      control.patch("/mailboxes/:address/events/:id", async (request) => {
        const { address, id } = eventParameters.parse(request.params);
        const mailbox = mailboxOrFail(context, address);
        return ownerView(context, mailbox, context.operations.updateInstance(instanceOrFail(context, mailbox, id), parseEventInput(request.body)));
      });

      control.delete("/mailboxes/:address/events/:id", async (request, reply) => {
        const { address, id } = eventParameters.parse(request.params);
        const mailbox = mailboxOrFail(context, address);
        context.operations.deleteInstance(instanceOrFail(context, mailbox, id));
        return reply.code(204).send();
      });

      control.post("/mailboxes/:address/revoke", async (request) => {
        const mailbox = mailboxOrFail(context, addressParameter.parse(request.params).address);
        const body = revokeBody.parse(request.body ?? undefined);
        const clients = body.clientId ? [body.clientId] : Object.keys(mailbox.consents);
        if (body.reason === "password") mailbox.tokensValidFrom = context.clock.now();
        else for (const clientId of clients) delete mailbox.consents[clientId];
        store.changed();
        for (const subscription of store.subscriptionsOf(mailbox.address)) {
          if (clients.includes(subscription.clientId)) {
            context.notifier.lifecycle(subscription, "reauthorizationRequired");
          }
        }
        return { address: mailbox.address, reason: body.reason, clients };
      });

      control.post("/apps", async (request, reply) => {
        const body = appBody.parse(request.body);
        const app = { clientId: body.clientId, clientSecret: body.clientSecret ?? null, redirectUris: body.redirectUris, displayName: body.displayName ?? body.clientId };
        store.apps.set(app.clientId, app);
        store.changed();
        return reply.code(201).send({ ...app, clientSecret: app.clientSecret === null ? null : "(set)" });
      });

      control.get("/faults", async () => ({ value: context.faults.pending() }));

      control.post("/faults", async (request, reply) => {
        context.faults.add(faultListSchema.parse(request.body).faults);
        return reply.code(201).send({ value: context.faults.pending() });
      });

      control.delete("/faults", async (_request, reply) => {
        context.faults.clear();
        return reply.code(204).send();
      });

      control.post("/reset", async (_request, reply) => {
        resetAll();
        return reply.code(204).send();
      });

      control.get("/stats", async () => context.stats.snapshot());

      control.post("/clock", async (request) => {
        context.clock.advance(clockBody.parse(request.body).advanceSeconds * 1000);
        return { now: new Date(context.clock.now()).toISOString() };
      });

      control.post("/subscriptions/:id/lifecycle", async (request) => {
        const { id } = lifecycleParameters.parse(request.params);
        const subscription = store.subscriptions.get(id);
        if (!subscription) throw new ControlError(404, "SubscriptionNotFound", `No subscription ${id}`);
        const { lifecycleEvent } = lifecycleBody.parse(request.body);
        const sent = context.notifier.lifecycle(subscription, lifecycleEvent);
        if (lifecycleEvent === "subscriptionRemoved") {
          store.removeSubscription(id);
          store.changed();
        }
        return { sent };
      });
    },
    { prefix: "/_emulator" },
  );
}
