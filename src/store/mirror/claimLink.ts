/**
 * A worker's claim on one calendar link with work due: dirty items whose time has come,
 * or link-level work (reconciliation, unlink clean-up), together with its first due items.
 * Links queue by `next_work_at`, so a claim is one probe of an index however many items
 * wait. `skip locked` lets any number of workers claim side by side without waiting on each
 * other or taking the same link.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Queryable } from "../db.ts";
import type { LinkState } from "../../domain/types.ts";
import { itemClaimCtes, toClaimedItem, type ClaimedItem, type ClaimedItemRow } from "./claimItems.ts";

export interface ClaimedLink {
  id: string;
  orgId: string;
  userId: string;
  mailboxAddress: string;
  state: LinkState;
  refreshTokenSealed: string | null;
  accessTokenSealed: string | null;
  reconcileDue: boolean;
  /** When the link was last (re)made: a failure seen under an older grant must not end a newer one. */
  linkedAt: Date;
  /** The worker whose lease ran out without a release: it died, and its claims are stale. */
  previousHolder: string | null;
}

/** A link `l` a worker may claim now: work due, a state with work to do, no live lease. */
const claimable = sql`l.next_work_at <= now() and l.state in ('active', 'unlinking')
  and (l.lease_until is null or l.lease_until <= now())`;

export interface LinkClaim {
  link: ClaimedLink;
  /** Its first due items, claimed in the same statement (none for a link being unlinked). */
  items: ClaimedItem[];
}

export interface ClaimRequest {
  workerId: string;
  leaseSec: number;
  /** How many of the link's due items to claim with it. */
  firstItems: number;
}

export function claimLink(db: Queryable, claim: ClaimRequest): Promise<LinkClaim | undefined> {
  return runClaim(db, claim, sql``, sql`true`);
}

/**
 * Releases a link (as releaseLink) and claims the next one in one statement: a lane with
 * links waiting makes one round trip between mailboxes instead of two. The released link
 * is not among the candidates; it is queued again by the same statement.
 */
export function releaseAndClaimNext(db: Queryable, released: { linkId: string }, claim: ClaimRequest): Promise<LinkClaim | undefined> {
  return runClaim(db, claim, sql`released as (${releaseStatement(released.linkId, claim.workerId)} returning l.id), `, sql`l.id <> ${released.linkId}`);
}

async function runClaim(db: Queryable, claim: ClaimRequest, before: SQL, candidateFilter: SQL): Promise<LinkClaim | undefined> {
  const items = itemClaimCtes(sql`(select id from claimed_link where state = 'active')`, {
    limit: claim.firstItems,
    leaseSec: claim.leaseSec,
    workerId: claim.workerId,
  });
  const rows = await queryRows<{
    id: string;
    org_id: string;
    user_id: string;
    mailbox_address: string;
    state: LinkState;
    refresh_token_sealed: string | null;
    access_token_sealed: string | null;
    reconcile_due: boolean;
    linked_at: Date | string;
    previous_holder: string | null;
    items: ClaimedItemRow[] | null;
  }>(
    db,
    sql`
    with ${before}candidate as (
      select l.id, l.leased_by as previous_holder
        from calendar_links l
       where ${claimable} and ${candidateFilter}
       order by l.next_work_at
       limit 1
       for update of l skip locked
    ), claimed_link as (
      update calendar_links l
         set leased_by = ${claim.workerId}, lease_until = now() + make_interval(secs => ${claim.leaseSec}), work_marked = false
        from candidate
       where l.id = candidate.id
      returning l.id, l.org_id, l.user_id, l.mailbox_address, l.state, l.refresh_token_sealed, l.access_token_sealed, l.linked_at,
                l.next_reconcile_at <= now() as reconcile_due, candidate.previous_holder
    ), ${items}
    select claimed_link.*, (select json_agg(claimed_items) from claimed_items) as items from claimed_link`,
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    link: {
      id: row.id,
      orgId: row.org_id,
      userId: row.user_id,
      mailboxAddress: row.mailbox_address,
      state: row.state,
      refreshTokenSealed: row.refresh_token_sealed,
      accessTokenSealed: row.access_token_sealed,
      reconcileDue: row.reconcile_due,
      linkedAt: new Date(row.linked_at),
      previousHolder: row.previous_holder,
    },
    items: (row.items ?? []).map(toClaimedItem),
  };
}

/** Whether another link's work is due and free to claim: a long turn yields only to someone waiting. */
export async function otherLinkWaiting(db: Queryable, linkId: string): Promise<boolean> {
  const rows = await queryRows<{ waiting: boolean }>(
    db,
    sql`select exists (select 1 from calendar_links l where ${claimable} and l.id <> ${linkId}) as waiting`,
  );
  return rows[0]?.waiting ?? false;
}

/** Keeps the claim while work goes on; false when another worker took the link over. */
export async function extendLease(db: Queryable, linkId: string, workerId: string, leaseSec: number): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update calendar_links set lease_until = now() + make_interval(secs => ${leaseSec})
         where id = ${linkId} and leased_by = ${workerId} returning id`,
  );
  return rows.length > 0;
}

/**
 * Lets the link go and queues it again at the time of its earliest remaining work, or now
 * if that is already past: behind the links that were waiting, so one busy mailbox cannot
 * hold a lane. Work marked while the link was held makes it due now whatever this
 * statement's snapshot shows: a change committed during the release wrote the mark first,
 * so the release waits for it and sees it (see the trigger in migration 0006).
 */
export async function releaseLink(db: Queryable, linkId: string, workerId: string): Promise<void> {
  await db.execute(releaseStatement(linkId, workerId));
}

function releaseStatement(linkId: string, workerId: string): SQL {
  return sql`
    update calendar_links l
       set leased_by = null, lease_until = now(), work_marked = false,
           next_work_at = case
             when l.state = 'needs_relink' then null
             when l.work_marked then now()
             when l.state = 'unlinking' then greatest(l.next_reconcile_at, now())
             else greatest(now(), least(l.next_reconcile_at,
                    (select min(m.next_attempt_at) from mirror_items m where m.link_id = l.id and m.dirty)))
           end
     where l.id = ${linkId} and l.leased_by = ${workerId}`;
}
