/** A user's roles as one SQL expression, so any query about users can carry them along. */
import { sql, type SQL } from "drizzle-orm";
import { ROLES, type Role } from "../../domain/types.ts";
import { users } from "../schema.ts";

export function rolesOfUser(): SQL<string[]> {
  return sql<string[]>`array(select r.role from user_roles r where r.user_id = ${users.id} order by r.role)`;
}

export function asRoles(values: readonly string[]): Role[] {
  return ROLES.filter((role) => values.includes(role));
}
