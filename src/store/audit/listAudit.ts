/**
 * One page of an organization's audit log, newest first, with the names of who acted and
 * whom it concerned. Keyset paging on the id: a page never shifts when entries are added.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "../db.ts";

export interface AuditFilter {
  orgId: string;
  /** Entries made by or about this user. */
  userId?: string | undefined;
  kind?: string | undefined;
  /** Only entries older than this id. */
  before?: number | undefined;
  limit: number;
}

export interface AuditRow {
  id: number;
  at: Date;
  kind: string;
  actor: { id: string; name: string } | null;
  subjectUser: { id: string; name: string } | null;
  details: Record<string, unknown>;
}

export async function listAudit(db: Queryable, filter: AuditFilter): Promise<{ rows: AuditRow[]; nextBefore: number | null }> {
  const rows = await queryRows<{
    id: number | string;
    at: Date | string;
    kind: string;
    actor_id: string | null;
    actor_name: string | null;
    subject_id: string | null;
    subject_name: string | null;
    details: Record<string, unknown> | string;
  }>(
    db,
    sql`
    select a.id, a.at, a.kind, a.details,
           actor.id as actor_id, actor.name as actor_name, subject.id as subject_id, subject.name as subject_name
      from audit_log a
      left join users actor on actor.id = a.actor_id
      left join users subject on subject.id = a.subject_user_id
     where a.org_id = ${filter.orgId}
       ${filter.userId === undefined ? sql`` : sql`and (a.actor_id = ${filter.userId} or a.subject_user_id = ${filter.userId})`}
       ${filter.kind === undefined ? sql`` : sql`and a.kind = ${filter.kind}`}
       ${filter.before === undefined ? sql`` : sql`and a.id < ${filter.before}`}
     order by a.id desc
     limit ${filter.limit + 1}`,
  );
  // One row more than asked tells whether an older page exists.
  const page = rows.slice(0, filter.limit).map(
    (row): AuditRow => ({
      id: Number(row.id),
      at: new Date(row.at),
      kind: row.kind,
      actor: row.actor_id === null ? null : { id: row.actor_id, name: row.actor_name ?? "" },
      subjectUser: row.subject_id === null ? null : { id: row.subject_id, name: row.subject_name ?? "" },
      details: typeof row.details === "string" ? (JSON.parse(row.details) as Record<string, unknown>) : row.details,
    }),
  );
  const last = page.at(-1);
  return { rows: page, nextBefore: rows.length > filter.limit && last !== undefined ? last.id : null };
}
