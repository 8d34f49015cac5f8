// Change notifications as Graph delivers them: the validation handshake against a new
// notificationUrl, a POST per event change to every matching subscription (retried with back-off
// while the endpoint fails), and lifecycle notifications.
import type { Clock } from "./clock.ts";
import type { EventChange } from "./calendarOperations.ts";
import type { Subscription } from "./model.ts";
import type { Stats } from "./stats.ts";
import type { Store } from "./store.ts";
import { graphTimestamp } from "./dates.ts";
import { newOpaqueToken } from "./ids.ts";
import { etagOf } from "./graph/eventView.ts";

const VALIDATION_TIMEOUT_MS = 10_000;
const DELIVERY_TIMEOUT_MS = 3_000;
// Graph keeps retrying for up to four hours; the back-off grows to the hour.
const RETRY_DELAYS_MS = [5_000, 30_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 3_600_000, 3_600_000];

export type LifecycleEvent = "reauthorizationRequired" | "subscriptionRemoved" | "missed";

export interface NotifierLogger {
  warn(message: string): void;
}

export class Notifier {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly stats: Stats,
    private readonly logger: NotifierLogger,
  ) {}

  /** The handshake: POST url?validationToken=..., expect 200 text/plain echoing the token within 10 s. */
  async validate(url: string): Promise<boolean> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${newOpaqueToken(12)}`;
    const target = new URL(url);
    target.searchParams.set("validationToken", token);
    try {
      const response = await fetch(target, {
        method: "POST",
        headers: { "content-type": "text/plain; charset=utf-8" },
        body: "",
        signal: AbortSignal.timeout(VALIDATION_TIMEOUT_MS),
      });
      const text = await response.text();
      const type = response.headers.get("content-type") ?? "";
      return response.status === 200 && type.toLowerCase().startsWith("text/plain") && text === token;
    } catch {
      return false;
    }
  }

  eventChanged(change: EventChange): void {
    const now = this.clock.now();
    const { event } = change;
    const mailbox = this.store.findMailbox(event.mailbox);
    if (!mailbox) return;
    for (const subscription of this.store.subscriptionsOf(event.mailbox)) {
      if (subscription.expirationDateTime <= now) continue;
      if (subscription.calendarId !== null && subscription.calendarId !== event.calendarId) continue;
      if (!subscription.changeTypes.includes(change.type)) continue;
      const resource = `Users/${mailbox.userId}/Events/${event.id}`;
      this.deliver(subscription.notificationUrl, {
        value: [
          {
            id: newOpaqueToken(9),
            subscriptionId: subscription.id,
            subscriptionExpirationDateTime: graphTimestamp(subscription.expirationDateTime),
            changeType: change.type,
            resource,
            clientState: subscription.clientState,
            tenantId: this.store.tenantId,
            resourceData: { "@odata.type": "#Microsoft.Graph.Event", "@odata.id": resource, "@odata.etag": etagOf(event.changeKey), id: event.id },
          },
        ],
      });
    }
  }

  /** Sends a lifecycle notification (to lifecycleNotificationUrl; subscriptions without one get none, as in Graph). */
  lifecycle(subscription: Subscription, lifecycleEvent: LifecycleEvent): boolean {
    if (!subscription.lifecycleNotificationUrl) return false;
    this.deliver(subscription.lifecycleNotificationUrl, {
      value: [
        {
          subscriptionId: subscription.id,
          subscriptionExpirationDateTime: graphTimestamp(subscription.expirationDateTime),
          tenantId: this.store.tenantId,
          clientState: subscription.clientState,
          lifecycleEvent,
        },
      ],
    });
    return true;
  }

  /** Resolves once every delivery attempt started so far has finished (tests and close use it). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private deliver(url: string, payload: unknown, attempt = 0): void {
    const sending = this.post(url, payload).then((delivered) => {
      this.stats.recordNotification(delivered);
      if (delivered) return;
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined) {
        this.logger.warn(`Notification to ${url} dropped after ${attempt + 1} attempts`);
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.deliver(url, payload, attempt + 1);
      }, delay);
      timer.unref();
      this.timers.add(timer);
    });
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));
  }

  private async post(url: string, payload: unknown): Promise<boolean> {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      return response.status >= 200 && response.status < 300;
    } catch {
      return false;
    }
  }
}
