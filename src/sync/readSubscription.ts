/**
 * Keeps one change-notification subscription per link (S-CAL-5): made at the link's first
 * read, renewed a day before it expires, made again when Microsoft lost it or when the
 * server's notification address changed, deleted at unlink. Its clientState is a fresh
 * random secret of which only a hash is stored. A failure here never stops the read:
 * polling goes on without notifications.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { coerceError } from "../domain/errors.ts";
import type { CalendarReader } from "../domain/outlookRead.ts";
import { ProviderFailure } from "../domain/provider.ts";
import type { Db } from "../store/db.ts";
import type { ClaimedReadLink } from "../store/readSide/claimReadLink.ts";
import { clearSubscriptions, hashClientState, saveSubscription, subscriptionIdOf } from "../store/readSide/subscriptions.ts";

/** Below Outlook's documented maximum (older documents say 4,230 minutes, newer 10,080). */
const LIFETIME_MS = 2 * 24 * 3600_000;
/** Reads happen at least every half hour, so a day's margin renews long before expiry. */
const RENEW_WITHIN_MS = 24 * 3600_000;

export interface SubscriptionDeps {
  db: Db;
  /** Where Microsoft posts notifications and lifecycle events. */
  notificationUrl: string;
  logger: Logger;
  now(): Date;
}

export async function keepSubscription(link: ClaimedReadLink, reader: CalendarReader, deps: SubscriptionDeps): Promise<void> {
  const now = deps.now().getTime();
  const expiresAt = new Date(now + LIFETIME_MS);
  try {
    if (link.subscriptionId !== null && link.subscriptionExpiresAt !== null) {
      if (link.subscriptionExpiresAt.getTime() - now > RENEW_WITHIN_MS) return;
      try {
        const renewed = await reader.renew(link.subscriptionId, expiresAt);
        if (renewed.notificationUrl === deps.notificationUrl) {
          await saveSubscription(deps.db, link.id, renewed);
          return;
        }
        // The server's public address changed: renewed, it would post to the old one for good.
        await reader.unsubscribe(renewed.id);
      } catch (thrown) {
        // Expired or removed on Microsoft's side: a new one is made below.
        if (!isNotFound(thrown)) throw thrown;
      }
    }
    const clientState = randomBytes(32).toString("base64url");
    const created = await reader.subscribe({ notificationUrl: deps.notificationUrl, lifecycleNotificationUrl: deps.notificationUrl, clientState, expiresAt });
    await saveSubscription(deps.db, link.id, { ...created, clientStateHash: hashClientState(clientState) });
  } catch (thrown) {
    const failure = thrown instanceof ProviderFailure ? thrown.detail : coerceError(thrown).message;
    deps.logger.warn({ linkId: link.id, failure }, "could not keep the change-notification subscription; polling continues");
  }
}

/** At unlink: the subscription would expire by itself, but Microsoft should stop posting at once. */
export async function dropSubscription(linkId: string, reader: CalendarReader, deps: Pick<SubscriptionDeps, "db" | "logger">): Promise<void> {
  const subscriptionId = await subscriptionIdOf(deps.db, linkId);
  if (subscriptionId === null) return;
  try {
    await reader.unsubscribe(subscriptionId);
  } catch (thrown) {
    // Unknown subscriptions are ignored by the webhook, so a failed delete only costs Microsoft's posts.
    deps.logger.warn({ linkId, failure: thrown instanceof ProviderFailure ? thrown.detail : coerceError(thrown).message }, "could not delete the subscription at unlink");
  }
  await clearSubscriptions(deps.db, [linkId]);
}

function isNotFound(thrown: unknown): boolean {
  return thrown instanceof ProviderFailure && thrown.detail.kind === "http" && thrown.detail.status === 404;
}
