/** Account Users: every user of one organization with roles and calendar link state, in one query. */
import { asc, eq, sql } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { calendarLinks, users } from "../schema.ts";
import { asRoles, rolesOfUser } from "./rolesOf.ts";
import type { LinkState, Role } from "../../domain/types.ts";

export interface AccountUserRow {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  licensed: boolean;
  active: boolean;
  link: { state: LinkState; mailboxAddress: string } | null;
}

/** With `userId`, only that user: an empty list when they are not in this organization. */
export async function listAccountUsers(db: Queryable, orgId: string, userId?: string): Promise<AccountUserRow[]> {
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      roles: rolesOfUser(),
      licensed: users.licensed,
      active: users.active,
      linkState: calendarLinks.state,
      mailboxAddress: calendarLinks.mailboxAddress,
    })
    .from(users)
    .leftJoin(calendarLinks, eq(calendarLinks.userId, users.id))
    .where(userId === undefined ? eq(users.orgId, orgId) : sql`${users.orgId} = ${orgId} and ${users.id} = ${userId}`)
    .orderBy(asc(sql`lower(${users.name})`), asc(users.id));
  return rows.map(({ linkState, mailboxAddress, roles, ...user }) => ({
    ...user,
    roles: asRoles(roles),
    link: linkState === null || mailboxAddress === null ? null : { state: linkState, mailboxAddress },
  }));
}
