/**
 * A worker's claim on one active link whose Outlook read is due (`next_read_at`). It takes
 * the link's lease, like the push side, so one worker at a time talks to a mailbox; `skip
 * locked` lets any number of workers claim side by side. The claim also moves the next read
 * past the lease, so a worker that dies mid-read leaves it to be retried, and a read asked
 * for meanwhile (a notification) shows as a `next_read_at` that is no longer in the future.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Queryable } from "../db.ts";
import type { ClaimedLink } from "../mirror/claimLink.ts";

/** The delta link is only meaningful with the window it was opened for, so both are stored together. */
export interface DeltaState {
  /** When the window's full round started; the window rolls forward from a fresh round. */
  openedAt: Date;
  deltaLink: string;
}

export interface ClaimedReadLink extends ClaimedLink {
  delta: DeltaState | null;
  subscriptionId: string | null;
  subscriptionExpiresAt: Date | null;
}

const DeltaStateSchema = z.object({ openedAt: z.iso.datetime(), deltaLink: z.string().min(1) });

export function encodeDeltaState(state: DeltaState): string {
  return JSON.stringify({ openedAt: state.openedAt.toISOString(), deltaLink: state.deltaLink });
}

/** Anything unreadable (an older format, a hand edit) simply means "start a full round". */
function decodeDeltaState(stored: string | null): DeltaState | null {
  if (stored === null) return null;
  try {
    const parsed = DeltaStateSchema.safeParse(JSON.parse(stored));
    return parsed.success ? { openedAt: new Date(parsed.data.openedAt), deltaLink: parsed.data.deltaLink } : null;
  } catch {
    return null;
  }
}

export async function claimReadLink(db: Queryable, workerId: string, leaseSec: number): Promise<ClaimedReadLink | undefined> {
  const rows = await queryRows<{
    id: string;
    org_id: string;
    user_id: string;
    mailbox_address: string;
    refresh_token_sealed: string | null;
    access_token_sealed: string | null;
    linked_at: Date | string;
    delta_link: string | null;
    subscription_id: string | null;
    subscription_expires_at: Date | string | null;
  }>(
    db,
    sql`
    with candidate as (
      select l.id
        from calendar_links l
       where l.state = 'active' and l.next_read_at <= now()
         and (l.lease_until is null or l.lease_until <= now())
         -- Pushing the user's changes comes first: a mailbox with changes due is read after them.
         and not exists (select 1 from mirror_items m
                          where m.link_id = l.id and m.dirty and m.next_attempt_at <= now())
       order by l.next_read_at
       limit 1
       for update of l skip locked
    )
    update calendar_links l
       set leased_by = ${workerId}, lease_until = now() + make_interval(secs => ${leaseSec}),
           next_read_at = now() + make_interval(secs => ${leaseSec})
      from candidate
     where l.id = candidate.id
    returning l.id, l.org_id, l.user_id, l.mailbox_address, l.refresh_token_sealed, l.access_token_sealed, l.linked_at, l.delta_link,
              l.subscription_id, l.subscription_expires_at`,
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    orgId: row.org_id,
    userId: row.user_id,
    mailboxAddress: row.mailbox_address,
    state: "active",
    refreshTokenSealed: row.refresh_token_sealed,
    accessTokenSealed: row.access_token_sealed,
    reconcileDue: false,
    linkedAt: new Date(row.linked_at),
    previousHolder: null,
    delta: decodeDeltaState(row.delta_link),
    subscriptionId: row.subscription_id,
    subscriptionExpiresAt: row.subscription_expires_at === null ? null : new Date(row.subscription_expires_at),
  };
}

/** Keeps the claim through a long round, without hiding a read asked for meanwhile. */
export async function holdReadLease(db: Queryable, linkId: string, workerId: string, leaseSec: number): Promise<void> {
  await db.execute(sql`
    update calendar_links
       set lease_until = now() + make_interval(secs => ${leaseSec}),
           next_read_at = case when next_read_at > now() then now() + make_interval(secs => ${leaseSec}) else next_read_at end
     where id = ${linkId} and leased_by = ${workerId}`);
}
