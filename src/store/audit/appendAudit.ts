/** Appends one entry to the organization's audit log (S-RUN-3), inside the caller's transaction. */
import type { Queryable } from "../db.ts";
import { auditLog } from "../schema.ts";

export interface AuditEntry {
  orgId: string;
  actorId: string | null;
  /** What happened, e.g. `session.created`, `options.account.changed`. */
  kind: string;
  subjectUserId?: string | null;
  /** Never participant e-mail or phone: the audit log is read by administrators. */
  details?: Record<string, unknown>;
}

export async function appendAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    orgId: entry.orgId,
    actorId: entry.actorId,
    kind: entry.kind,
    subjectUserId: entry.subjectUserId ?? null,
    details: entry.details ?? {},
  });
}
