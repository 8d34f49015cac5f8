/** An organization's name and branding, as the signed-in user's pages show them. */
import { eq } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { organizations } from "../schema.ts";

export interface OrganizationSummary {
  id: string;
  name: string;
  branding: { logoText: string; primaryColor: string; secondaryColor: string };
}

export async function findOrganization(db: Queryable, orgId: string): Promise<OrganizationSummary | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  if (row === undefined) return undefined;
  return {
    id: row.id,
    name: row.name,
    branding: { logoText: row.logoText, primaryColor: row.primaryColor, secondaryColor: row.secondaryColor },
  };
}
