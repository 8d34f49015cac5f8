/** Account Options → Branding: the organization's button colours and logo text. */
import { eq } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { organizations } from "../schema.ts";
import type { OrganizationSummary } from "./findOrganization.ts";

export type Branding = OrganizationSummary["branding"];

export async function saveBranding(db: Queryable, orgId: string, branding: Branding): Promise<void> {
  await db.update(organizations).set(branding).where(eq(organizations.id, orgId));
}
