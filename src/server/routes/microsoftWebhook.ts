/**
 * Microsoft's change notifications (S-CAL-5): the public endpoint Graph posts to. It
 * answers the subscription validation handshake, checks each notification's subscription
 * and clientState secret (constant time, against the stored hash), and only marks the
 * link's read as due: the worker does the reading. Anything it cannot trust is ignored,
 * counted and logged without its secret.
 */
import type { FastifyPluginAsync } from "fastify";
import { Counter } from "prom-client";
import { z } from "zod";
import { appError } from "../../domain/errors.ts";
import { forgetDeltaLink, markReadsDue } from "../../store/readSide/readSchedule.ts";
import { clearSubscriptions, clientStateMatches, expireSubscriptionsNow, linksBySubscription } from "../../store/readSide/subscriptions.ts";
import type { RouteDeps } from "../deps.ts";

export const MICROSOFT_WEBHOOK_PATH = "/api/webhooks/microsoft";

/** Graph batches notifications; a few hundred fit easily, anything larger is not Graph. */
const BODY_LIMIT_BYTES = 256 * 1024;
const NOTIFICATIONS_PER_MINUTE = 600;

const ValidationQuery = z.object({ validationToken: z.string().min(1).max(1024) });
/** PostgreSQL cannot compare text holding U+0000: such a notification is not Graph's. */
const storable = (max: number) => z.string().max(max).regex(/^[^\u0000]*$/);
const NotificationSchema = z.object({
  subscriptionId: storable(200).min(1),
  clientState: storable(256).nullish(),
  lifecycleEvent: z.string().max(100).optional(),
});
const NotificationBatchSchema = z.object({ value: z.array(NotificationSchema).min(1).max(1000) });

const ignoredNotifications = new Counter({
  name: "careroom_webhook_notifications_ignored_total",
  help: "Change notifications ignored because their subscription is unknown or their clientState is wrong.",
  labelNames: ["reason"] as const,
});

export const microsoftWebhookRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db }) => {
  // The validation handshake is a text/plain POST (usually empty); only this plugin reads text.
  app.addContentTypeParser("text/plain", { parseAs: "string", bodyLimit: BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));

  app.post(
    MICROSOFT_WEBHOOK_PATH,
    {
      bodyLimit: BODY_LIMIT_BYTES,
      schema: { hide: true },
      config: { rateLimit: { max: NOTIFICATIONS_PER_MINUTE, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const handshake = ValidationQuery.safeParse(request.query);
      if (handshake.success) return reply.code(200).type("text/plain; charset=utf-8").send(handshake.data.validationToken);

      const batch = NotificationBatchSchema.safeParse(request.body);
      if (!batch.success) throw appError("VALIDATION_FAILED", { sentence: "This is not a Microsoft Graph change notification." });

      const notifications = batch.data.value;
      const links = new Map((await linksBySubscription(db, notifications.map((n) => n.subscriptionId))).map((l) => [l.subscriptionId, l]));
      const due = new Set<string>();
      const renew = new Set<string>();
      const recreate = new Set<string>();
      const resync = new Set<string>();
      const ignored = { unknown_subscription: 0, wrong_client_state: 0 };
      for (const notification of notifications) {
        const link = links.get(notification.subscriptionId);
        if (!link) {
          ignored.unknown_subscription++;
          continue;
        }
        if (!notification.clientState || !clientStateMatches(notification.clientState, link.clientStateHash)) {
          ignored.wrong_client_state++;
          continue;
        }
        if (notification.lifecycleEvent === "reauthorizationRequired") renew.add(link.linkId);
        if (notification.lifecycleEvent === "subscriptionRemoved") recreate.add(link.linkId);
        if (notification.lifecycleEvent === "missed") resync.add(link.linkId);
        due.add(link.linkId);
      }
      for (const [reason, count] of Object.entries(ignored)) {
        if (count === 0) continue;
        ignoredNotifications.inc({ reason }, count);
        request.log.warn({ reason, count }, "ignored change notifications");
      }
      await expireSubscriptionsNow(db, [...renew]);
      await clearSubscriptions(db, [...recreate]);
      await forgetDeltaLink(db, [...resync]);
      await markReadsDue(db, [...due]);
      return reply.code(202).send();
    },
  );
};
