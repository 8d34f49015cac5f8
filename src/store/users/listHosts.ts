/** The users of an organization who may host a session: licensed and active. */
import { and, asc, eq } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { users } from "../schema.ts";

export function listHosts(db: Queryable, orgId: string): Promise<{ id: string; name: string; email: string }[]> {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.licensed, true), eq(users.active, true)))
    .orderBy(asc(users.name), asc(users.id));
}
