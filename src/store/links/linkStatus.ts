/** What the profile page shows about a user's link, with copy progress, in one query. */
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "../db.ts";
import type { LinkState } from "../../domain/types.ts";

export interface LinkStatusRow {
  id: string;
  state: LinkState;
  mailboxAddress: string;
  /** Items Outlook is up to date with, of `total` the link is responsible for. */
  copied: number;
  total: number;
  lastError: string | null;
  /** The last comparison with Outlook (S-SYNC-2), and how many events it had to repair. */
  lastCheckedAt: Date | null;
  lastCheckFixed: number | null;
  /** A comparison is due now (asked for, or just linked) and not done yet. */
  checkPending: boolean;
}

export async function linkStatus(db: Queryable, userId: string): Promise<LinkStatusRow | undefined> {
  const rows = await queryRows<{
    id: string;
    state: LinkState;
    mailbox_address: string;
    copied: number | string;
    total: number | string;
    last_error: string | null;
    last_reconciled_at: Date | string | null;
    check_pending: boolean;
    last_check_fixed: number | string | null;
  }>(
    db,
    sql`
    select l.id, l.state, l.mailbox_address, l.last_error, l.last_reconciled_at,
           l.state = 'active' and l.next_reconcile_at <= now() as check_pending,
           count(m.session_id) filter (where not m.dirty) as copied,
           count(m.session_id) as total,
           -- A comparison that repaired something left an audit entry; one that found nothing did not.
           (select coalesce((a.details->>'restoredDeleted')::int, 0) + coalesce((a.details->>'revertedEdits')::int, 0)
                 + coalesce((a.details->>'adopted')::int, 0) + coalesce((a.details->>'removedStrays')::int, 0)
              from audit_log a
             where a.org_id = l.org_id and a.subject_user_id = l.user_id and a.kind = 'link.reconciled'
               and a.at >= l.last_reconciled_at
             order by a.id desc limit 1) as last_check_fixed
      from calendar_links l
      left join mirror_items m on m.link_id = l.id
     where l.user_id = ${userId}
     group by l.id`,
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    state: row.state,
    mailboxAddress: row.mailbox_address,
    copied: Number(row.copied),
    total: Number(row.total),
    lastError: row.last_error,
    lastCheckedAt: row.last_reconciled_at === null ? null : new Date(row.last_reconciled_at),
    lastCheckFixed: row.last_reconciled_at === null ? null : Number(row.last_check_fixed ?? 0),
    checkPending: row.check_pending,
  };
}
