/** The user an e-mail address signs in as (e-mail addresses are unique case-insensitively). */
import { sql } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { users } from "../schema.ts";
import type { UserId } from "../../domain/types.ts";

export interface LoginCandidate {
  id: UserId;
  passwordHash: string;
  active: boolean;
}

export async function findLoginCandidate(db: Queryable, email: string): Promise<LoginCandidate | undefined> {
  const [row] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, active: users.active })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`);
  return row === undefined ? undefined : { ...row, id: row.id as UserId };
}
