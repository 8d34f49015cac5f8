/** A member of one organization, as far as hosting a session is concerned. */
import { and, eq } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { users } from "../schema.ts";

export interface OrgUser {
  id: string;
  name: string;
  licensed: boolean;
  active: boolean;
}

/** Undefined when no such user exists in this organization (another organization's user included). */
export async function findOrgUser(db: Queryable, orgId: string, userId: string): Promise<OrgUser | undefined> {
  const [row] = await db
    .select({ id: users.id, name: users.name, licensed: users.licensed, active: users.active })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.id, userId)));
  return row;
}
