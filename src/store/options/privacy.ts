/** Account Options → Privacy: how much an Outlook event reveals (S-SYNC-3), "minimal" until changed. */
import { eq } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { orgOptions } from "../schema.ts";
import type { PrivacyLevel } from "../../domain/types.ts";

/** With `lock`, the row (when there is one) stays locked until the transaction ends. */
export async function getPrivacyLevel(db: Queryable, orgId: string, lock = false): Promise<PrivacyLevel> {
  const query = db.select({ privacyLevel: orgOptions.privacyLevel }).from(orgOptions).where(eq(orgOptions.orgId, orgId));
  const [row] = lock ? await query.for("update") : await query;
  return row?.privacyLevel ?? "minimal";
}

export async function savePrivacyLevel(db: Queryable, orgId: string, privacyLevel: PrivacyLevel): Promise<void> {
  await db
    .insert(orgOptions)
    .values({ orgId, privacyLevel })
    .onConflictDoUpdate({ target: orgOptions.orgId, set: { privacyLevel, updatedAt: new Date() } });
}
