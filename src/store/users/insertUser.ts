/** Adds a user to an organization with their roles; undefined when the e-mail address is taken. */
import type { Tx } from "../db.ts";
import { userRoles, users } from "../schema.ts";
import type { Role } from "../../domain/types.ts";

export interface NewUser {
  orgId: string;
  name: string;
  email: string;
  passwordHash: string;
  roles: readonly Role[];
  licensed: boolean;
}

export async function insertUser(tx: Tx, user: NewUser): Promise<string | undefined> {
  // The unique index is on lower(email): "do nothing" turns a taken address into no row, never a 500.
  const [row] = await tx
    .insert(users)
    .values({ orgId: user.orgId, name: user.name, email: user.email, passwordHash: user.passwordHash, licensed: user.licensed })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (row === undefined) return undefined;
  if (user.roles.length > 0) {
    await tx.insert(userRoles).values([...new Set(user.roles)].map((role) => ({ userId: row.id, role })));
  }
  return row.id;
}

