/**
 * Takes a link's due mirror items for one round of pushing, with everything needed to plan
 * them in the same query: the session, its participants' names (never their e-mail or
 * phone) and the organization's privacy level. The claim pushes each item's next attempt
 * forward by the lease (kept alive by the worker's heartbeat), so an item whose worker died
 * is picked up again soon after, never lost.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Queryable } from "../db.ts";
import { uuidArray } from "../sqlArrays.ts";
import type { GraphEventId, LinkId, OrgId, PrivacyLevel, SessionId, SessionStatus, UserId } from "../../domain/types.ts";

export interface ClaimedItem {
  linkId: LinkId;
  sessionId: SessionId;
  remoteEventId: GraphEventId | null;
  pushedHash: string | null;
  /** Whether a create was in doubt before this claim. */
  wasInDoubt: boolean;
  generation: number;
  /** The item's change counter when claimed; recording compares it to spot newer changes. */
  seenSeq: number;
  attempts: number;
  session: {
    orgId: OrgId;
    hostId: UserId;
    title: string;
    startsAt: Date;
    durationMin: number;
    timeZone: string;
    status: SessionStatus;
    deleted: boolean;
    hostJoinToken: string;
    participantJoinToken: string;
    participantNames: string[];
  };
  privacyLevel: PrivacyLevel;
}

/** An item row as the claim statement returns it, as columns or as JSON. */
export type ClaimedItemRow = {
  link_id: string;
  session_id: string;
  remote_event_id: string | null;
  pushed_hash: string | null;
  was_in_doubt: boolean;
  generation: number;
  seen_seq: number;
  attempts: number;
  org_id: string;
  host_id: string;
  title: string;
  starts_at: string | Date;
  duration_min: number;
  time_zone: string;
  status: SessionStatus;
  deleted: boolean;
  host_join_token: string;
  participant_join_token: string;
  participant_names: string[] | null;
  privacy_level: PrivacyLevel | null;
};

export interface ItemClaim {
  limit: number;
  leaseSec: number;
  workerId: string;
  /** Takes every item of the link, due or not: the unlink clean-up must visit all of them. */
  includeClean?: boolean;
}

/**
 * The claim as common table expressions ending in `claimed_items`, for the link whose id
 * `linkId` gives (a value, or a subquery of an enclosing statement): the link claim uses
 * them to take a link and its first items in one statement.
 */
export function itemClaimCtes(linkId: SQL, claim: ItemClaim): SQL {
  return sql`
    due as (
      select link_id, session_id, create_in_doubt as was_in_doubt, change_seq as seen_seq
        from mirror_items
       where link_id = ${linkId} and (${claim.includeClean ?? false} or (dirty and next_attempt_at <= now()))
       order by next_attempt_at
       limit ${claim.limit}
       for update skip locked
    ), claimed as (
      update mirror_items m
         set attempts = m.attempts + 1,
             next_attempt_at = now() + make_interval(secs => ${claim.leaseSec}),
             claimed_by = ${claim.workerId},
             create_in_doubt = m.create_in_doubt or m.remote_event_id is null
        from due
       where m.link_id = due.link_id and m.session_id = due.session_id
      returning m.link_id, m.session_id, m.remote_event_id, m.pushed_hash, m.generation, m.attempts,
                due.was_in_doubt, due.seen_seq
    ), claimed_items as (
      select c.*, s.org_id, s.host_id, s.title, s.starts_at, s.duration_min, s.time_zone, s.status,
             s.deleted_at is not null as deleted, s.host_join_token, s.participant_join_token,
             o.privacy_level,
             (select array_agg(p.name order by p.position) from session_participants p where p.session_id = s.id)
               as participant_names
        from claimed c
        join sessions s on s.id = c.session_id
        left join org_options o on o.org_id = s.org_id
    )`;
}

export async function claimItems(db: Queryable, linkId: string, claim: ItemClaim): Promise<ClaimedItem[]> {
  const rows = await queryRows<ClaimedItemRow>(db, sql`with ${itemClaimCtes(sql`${linkId}`, claim)} select * from claimed_items`);
  return rows.map(toClaimedItem);
}

export function toClaimedItem(row: ClaimedItemRow): ClaimedItem {
  return {
    linkId: row.link_id as LinkId,
    sessionId: row.session_id as SessionId,
    remoteEventId: row.remote_event_id as GraphEventId | null,
    pushedHash: row.pushed_hash,
    wasInDoubt: row.was_in_doubt,
    generation: row.generation,
    seenSeq: row.seen_seq,
    attempts: row.attempts,
    session: {
      orgId: row.org_id as OrgId,
      hostId: row.host_id as UserId,
      title: row.title,
      startsAt: new Date(row.starts_at),
      durationMin: row.duration_min,
      timeZone: row.time_zone,
      status: row.status,
      deleted: row.deleted,
      hostJoinToken: row.host_join_token,
      participantJoinToken: row.participant_join_token,
      participantNames: row.participant_names ?? [],
    },
    privacyLevel: row.privacy_level ?? "minimal",
  };
}

/** The worker is still pushing these items: keep them from being claimed again. */
export async function extendItemLeases(
  db: Queryable,
  claim: { linkId: string; workerId: string; leaseSec: number },
  sessionIds: readonly string[],
): Promise<void> {
  await db.execute(sql`
    update mirror_items set next_attempt_at = now() + make_interval(secs => ${claim.leaseSec})
     where link_id = ${claim.linkId} and session_id = any(${uuidArray(sessionIds)}) and claimed_by = ${claim.workerId}`);
}

/**
 * The claims of a worker that died are released at once (due now), instead of waiting for
 * their leases to run out: all of them when `workerId` is undefined, which only a process
 * that owns the database alone (the embedded one) may do at start.
 */
export async function releaseDeadClaims(db: Queryable, deadWorker: { linkId: string; workerId: string } | undefined): Promise<void> {
  if (deadWorker) {
    await db.execute(sql`
      update mirror_items set claimed_by = null, next_attempt_at = now()
       where link_id = ${deadWorker.linkId} and claimed_by = ${deadWorker.workerId}`);
    return;
  }
  await db.execute(sql`update mirror_items set claimed_by = null, next_attempt_at = now() where claimed_by is not null`);
  await db.execute(sql`update calendar_links set leased_by = null, lease_until = null where leased_by is not null`);
}
