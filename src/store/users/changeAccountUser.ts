/**
 * The changes Account Users makes to one user (roles, licence, active), each one statement,
 * and the lock and count that keep an organization from losing its last active administrator.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Queryable, type Tx } from "../db.ts";
import { textArray } from "../sqlArrays.ts";
import type { Role } from "../../domain/types.ts";

/**
 * Serialises every change to an organization's users: two administrators demoting each
 * other at once must not both succeed and leave nobody in charge.
 */
export async function lockOrganizationUsers(tx: Tx, orgId: string): Promise<void> {
  await tx.execute(sql`select id from organizations where id = ${orgId} for update`);
}

export async function countActiveAdmins(db: Queryable, orgId: string): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from users u
         where u.org_id = ${orgId} and u.active
           and exists (select 1 from user_roles r where r.user_id = u.id and r.role = 'account_admin')`,
  );
  return Number(row?.n ?? 0);
}

/** Makes the user's roles exactly `roles`. */
export async function replaceRoles(tx: Tx, userId: string, roles: readonly Role[]): Promise<void> {
  const wanted = textArray([...new Set(roles)]);
  await tx.execute(sql`delete from user_roles where user_id = ${userId} and not (role = any(${wanted}))`);
  await tx.execute(sql`insert into user_roles (user_id, role) select ${userId}, unnest(${wanted}) on conflict do nothing`);
}

export async function setLicensed(tx: Tx, userId: string, licensed: boolean): Promise<void> {
  await tx.execute(sql`update users set licensed = ${licensed} where id = ${userId}`);
}

/** Deactivating also ends every sign-in session of the user at once. */
export async function setActive(tx: Tx, userId: string, active: boolean): Promise<void> {
  await tx.execute(sql`update users set active = ${active} where id = ${userId}`);
  if (!active) await tx.execute(sql`delete from auth_sessions where user_id = ${userId}`);
}
