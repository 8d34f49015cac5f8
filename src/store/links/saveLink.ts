/**
 * Stores a freshly authorized link (or renews one that needed relinking) and, in the same
 * transaction, queues every active session the user hosts for copying (S-LINK-4). Sessions
 * the user only sees are never queued: the join is on `host_id`.
 */
import { sql } from "drizzle-orm";
import { appError } from "../../domain/errors.ts";
import { queryRows, type Queryable } from "../db.ts";
import { SYNC_CHANNEL } from "../mirror/markSessionsDirty.ts";
import type { SealedLinkTokens } from "./sealedAccessToken.ts";

export interface NewLink extends SealedLinkTokens {
  orgId: string;
  userId: string;
  mailboxId: string;
  mailboxAddress: string;
}

export async function saveLink(tx: Queryable, link: NewLink): Promise<{ linkId: string; relinked: boolean }> {
  const taken = await queryRows<{ user_id: string }>(
    tx,
    sql`select user_id from calendar_links where provider = 'microsoft' and mailbox_id = ${link.mailboxId} and user_id <> ${link.userId}`,
  );
  if (taken.length > 0) throw appError("LINK_MAILBOX_TAKEN");
  const existing = await queryRows<{ id: string; state: string; mailbox_id: string }>(
    tx,
    sql`select id, state, mailbox_id from calendar_links where user_id = ${link.userId} for update`,
  );
  const current = existing[0];
  if (current?.state === "unlinking") throw appError("LINK_UNLINK_IN_PROGRESS");
  if (current && current.mailbox_id !== link.mailboxId) throw appError("LINK_OTHER_MAILBOX");
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`
    insert into calendar_links (org_id, user_id, mailbox_id, mailbox_address, refresh_token_sealed, access_token_sealed, state)
    values (${link.orgId}, ${link.userId}, ${link.mailboxId}, ${link.mailboxAddress}, ${link.refreshTokenSealed}, ${link.accessTokenSealed}, 'active')
    on conflict (user_id) do update
       set refresh_token_sealed = excluded.refresh_token_sealed, access_token_sealed = excluded.access_token_sealed,
           mailbox_address = excluded.mailbox_address,
           state = 'active', last_error = null, next_reconcile_at = now(), linked_at = now()
    returning id`,
  );
  const linkId = rows[0]!.id;
  await tx.execute(sql`
    insert into mirror_items (link_id, session_id)
    select ${linkId}, s.id
      from sessions s
     where s.host_id = ${link.userId} and s.org_id = ${link.orgId} and s.status = 'scheduled'
       and s.deleted_at is null and s.starts_at + make_interval(mins => s.duration_min) > now()
    on conflict (link_id, session_id) do update
       set dirty = true, change_seq = mirror_items.change_seq + 1, attempts = 0, next_attempt_at = now(), last_error = null`);
  await tx.execute(sql`select pg_notify(${SYNC_CHANNEL}, '')`);
  return { linkId, relinked: current !== undefined };
}
