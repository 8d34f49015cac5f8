/** Account Options → Scheduling of one organization (S-OPT-1), defaults when never saved. */
import { eq } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { orgOptions } from "../schema.ts";

export interface OrgSchedulingOptions {
  integrationEnabled: boolean;
  usersCanOverride: boolean;
}

const DEFAULTS: OrgSchedulingOptions = { integrationEnabled: false, usersCanOverride: false };

/** With `lock`, the row (when there is one) stays locked until the transaction ends. */
export async function getOrgOptions(db: Queryable, orgId: string, lock = false): Promise<OrgSchedulingOptions> {
  const query = db
    .select({ integrationEnabled: orgOptions.integrationEnabled, usersCanOverride: orgOptions.usersCanOverride })
    .from(orgOptions)
    .where(eq(orgOptions.orgId, orgId));
  const [row] = lock ? await query.for("update") : await query;
  return row ?? DEFAULTS;
}

export async function saveOrgOptions(db: Queryable, orgId: string, options: OrgSchedulingOptions): Promise<void> {
  await db
    .insert(orgOptions)
    .values({ orgId, ...options })
    .onConflictDoUpdate({ target: orgOptions.orgId, set: { ...options, updatedAt: new Date() } });
}
