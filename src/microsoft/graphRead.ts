/**
 * The read side of one mailbox in Microsoft Graph, as a CalendarReader: rounds of
 * `calendarView/delta` over the rolling window, and the change-notification subscription
 * on the mailbox's events. Every answer is parsed before anything trusts it.
 */
import { z } from "zod";
import type { CalendarReader, ExternalEvent, ReadPage, Subscription } from "../domain/outlookRead.ts";
import type { GraphEventId } from "../domain/types.ts";
import { ProviderFailure } from "../domain/provider.ts";
import { createGraphCall, type AccessTokenSource, type GraphClientOptions } from "./graphHttp.ts";

/** Larger pages mean fewer requests per round; times in UTC so no zone table is needed here. */
const PREFER = 'odata.maxpagesize=100, outlook.timezone="UTC"';

/** "2026-04-15T12:00:00.0000000" in UTC, as asked for with outlook.timezone. */
const UtcDateTime = z
  .object({ dateTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/), timeZone: z.string() })
  .refine((side) => side.timeZone.toUpperCase() === "UTC", { error: "must be in UTC" })
  .transform((side) => new Date(`${side.dateTime.slice(0, 19)}Z`));

const RemovedSchema = z.object({ id: z.string().min(1), "@removed": z.object({ reason: z.string().optional() }) });
const EventSchema = z.object({
  id: z.string().min(1),
  subject: z.string().nullish(),
  start: UtcDateTime,
  end: UtcDateTime,
  isAllDay: z.boolean().default(false),
  isCancelled: z.boolean().default(false),
  showAs: z.string().nullish(),
  // Shown as a link on our page: anything but http(s) (a javascript: address) is dropped.
  webLink: z
    .string()
    .nullish()
    .transform((link) => (link && /^https?:\/\//i.test(link) ? link : null)),
});
const DeltaPageSchema = z
  .object({
    value: z.array(z.unknown()),
    "@odata.nextLink": z.string().optional(),
    "@odata.deltaLink": z.string().optional(),
  })
  .refine((page) => page["@odata.nextLink"] !== undefined || page["@odata.deltaLink"] !== undefined, {
    error: "a delta page must link to the next page or carry a delta link",
  });
const SubscriptionSchema = z.object({ id: z.string().min(1), expirationDateTime: z.iso.datetime({ offset: true }), notificationUrl: z.string() });

export function createGraphReader(
  tokens: AccessTokenSource,
  options: GraphClientOptions & { run?: <T>(call: () => Promise<T>) => Promise<T> },
): CalendarReader {
  const graphCall = createGraphCall(tokens, options);
  const run = options.run ?? ((call) => call());
  const call: typeof graphCall = (method, url, init) => run(() => graphCall(method, url, init));

  return {
    async readPage(from) {
      const url =
        "url" in from
          ? from.url
          : `/me/calendarView/delta?startDateTime=${from.window.from.toISOString()}&endDateTime=${from.window.to.toISOString()}`;
      return toReadPage(parse(DeltaPageSchema, await call("GET", url, { headers: { prefer: PREFER } })));
    },
    async subscribe(subscription) {
      const created = parse(
        SubscriptionSchema,
        await call("POST", "/subscriptions", {
          body: {
            changeType: "created,updated,deleted",
            notificationUrl: subscription.notificationUrl,
            lifecycleNotificationUrl: subscription.lifecycleNotificationUrl,
            resource: "/me/events",
            expirationDateTime: subscription.expiresAt.toISOString(),
            clientState: subscription.clientState,
          },
        }),
      );
      return toSubscription(created);
    },
    async renew(subscriptionId, expiresAt) {
      const renewed = parse(
        SubscriptionSchema,
        await call("PATCH", `/subscriptions/${encodeURIComponent(subscriptionId)}`, { body: { expirationDateTime: expiresAt.toISOString() } }),
      );
      return toSubscription(renewed);
    },
    async unsubscribe(subscriptionId) {
      try {
        await call("DELETE", `/subscriptions/${encodeURIComponent(subscriptionId)}`);
      } catch (thrown) {
        if (!(thrown instanceof ProviderFailure && thrown.detail.kind === "http" && thrown.detail.status === 404)) throw thrown;
      }
    },
  };
}

function toReadPage(page: z.infer<typeof DeltaPageSchema>): ReadPage {
  const changed: ExternalEvent[] = [];
  const removed: GraphEventId[] = [];
  for (const entry of page.value) {
    const gone = RemovedSchema.safeParse(entry);
    if (gone.success) {
      removed.push(gone.data.id as GraphEventId);
      continue;
    }
    const event = parse(EventSchema, entry);
    if (event.isCancelled) {
      removed.push(event.id as GraphEventId);
      continue;
    }
    changed.push({
      id: event.id as GraphEventId,
      subject: event.subject ?? "",
      startsAt: event.start,
      endsAt: event.end,
      isAllDay: event.isAllDay,
      showAs: event.showAs ?? "busy",
      webLink: event.webLink,
    });
  }
  const deltaLink = page["@odata.deltaLink"];
  const next = page["@odata.nextLink"];
  return { changed, removed, next: next !== undefined ? { kind: "page", url: next } : { kind: "done", deltaLink: deltaLink! } };
}

function toSubscription(subscription: z.infer<typeof SubscriptionSchema>): Subscription {
  return { id: subscription.id, expiresAt: new Date(subscription.expirationDateTime), notificationUrl: subscription.notificationUrl };
}

/** An answer we cannot read is Microsoft's fault, not ours: it becomes a ProviderFailure the caller can retry. */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ProviderFailure({ kind: "http", status: 502, message: parsed.error.issues[0]?.message ?? "unreadable" }, "Microsoft Graph answered in an unexpected shape.");
}
