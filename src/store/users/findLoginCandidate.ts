/** The user an e-mail address signs in as (e-mail addresses are unique case-insensitively). */
import { sql } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { users } from "../schema.ts";
import type { UserId } from "../../domain/types.ts";

export interface LoginCandidate {
  id: UserId;
  orgId: string;
  passwordHash: string;
  active: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
}

export async function findLoginCandidate(db: Queryable, email: string): Promise<LoginCandidate | undefined> {
  const [row] = await db
    .select({
      id: users.id,
      orgId: users.orgId,
      passwordHash: users.passwordHash,
      active: users.active,
      failedLogins: users.failedLogins,
      lockedUntil: users.lockedUntil,
    })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`);
  return row === undefined ? undefined : { ...row, id: row.id as UserId };
}
