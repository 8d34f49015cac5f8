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
}

export async function linkStatus(db: Queryable, userId: string): Promise<LinkStatusRow | undefined> {
  const rows = await queryRows<{
    id: string;
    state: LinkState;
    mailbox_address: string;
    copied: number | string;
    total: number | string;
    last_error: string | null;
  }>(
    db,
    sql`
    select l.id, l.state, l.mailbox_address, l.last_error,
           count(m.session_id) filter (where not m.dirty) as copied,
           count(m.session_id) as total
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
  };
}
