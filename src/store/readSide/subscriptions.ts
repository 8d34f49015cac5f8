/**
 * The change-notification subscription of each link: its id, its expiry, and a SHA-256 of
 * its clientState secret (the secret itself is never stored), and the lookup the webhook
 * validates notifications with.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "../db.ts";
import { textArray, uuidArray } from "../sqlArrays.ts";

export function hashClientState(clientState: string): string {
  return createHash("sha256").update(clientState).digest("hex");
}

/** Constant time: the hashes have the same length whatever was sent. */
export function clientStateMatches(sent: string, storedHash: string): boolean {
  const sentHash = Buffer.from(hashClientState(sent), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return stored.length === sentHash.length && timingSafeEqual(sentHash, stored);
}

export async function saveSubscription(
  db: Queryable,
  linkId: string,
  subscription: { id: string; expiresAt: Date; clientStateHash?: string },
): Promise<void> {
  await db.execute(sql`
    update calendar_links
       set subscription_id = ${subscription.id}, subscription_expires_at = ${subscription.expiresAt.toISOString()}::timestamptz,
           subscription_client_state_hash = coalesce(${subscription.clientStateHash ?? null}, subscription_client_state_hash)
     where id = ${linkId}`);
}

/** The subscription is gone (removed by Microsoft, or deleted at unlink): a new one is made at the next read. */
export async function clearSubscriptions(db: Queryable, linkIds: readonly string[]): Promise<void> {
  if (linkIds.length === 0) return;
  await db.execute(sql`
    update calendar_links
       set subscription_id = null, subscription_expires_at = null, subscription_client_state_hash = null
     where id = any(${uuidArray(linkIds)})`);
}

/** Renewal is wanted now (reauthorizationRequired): the next read renews what expires "now". */
export async function expireSubscriptionsNow(db: Queryable, linkIds: readonly string[]): Promise<void> {
  if (linkIds.length === 0) return;
  await db.execute(sql`update calendar_links set subscription_expires_at = now() where id = any(${uuidArray(linkIds)})`);
}

export async function subscriptionIdOf(db: Queryable, linkId: string): Promise<string | null> {
  const rows = await queryRows<{ subscription_id: string | null }>(db, sql`select subscription_id from calendar_links where id = ${linkId}`);
  return rows[0]?.subscription_id ?? null;
}

export interface SubscribedLink {
  linkId: string;
  subscriptionId: string;
  clientStateHash: string;
}

export async function linksBySubscription(db: Queryable, subscriptionIds: readonly string[]): Promise<SubscribedLink[]> {
  if (subscriptionIds.length === 0) return [];
  const rows = await queryRows<{ id: string; subscription_id: string; subscription_client_state_hash: string }>(
    db,
    sql`select id, subscription_id, subscription_client_state_hash
          from calendar_links
         where subscription_id = any(${textArray(subscriptionIds)}) and subscription_client_state_hash is not null`,
  );
  return rows.map((row) => ({ linkId: row.id, subscriptionId: row.subscription_id, clientStateHash: row.subscription_client_state_hash }));
}
