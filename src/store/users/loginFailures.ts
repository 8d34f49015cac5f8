/**
 * Failed sign-ins of an account (users.failed_logins, users.locked_until): counted under a
 * row lock, so attempts racing each other cannot slip past the limit; cleared on success or
 * by an Account Administrator.
 */
import { eq, sql } from "drizzle-orm";
import { afterFailure, type LoginFailures } from "../../domain/loginLockout.ts";
import type { Db, Queryable } from "../db.ts";
import { users } from "../schema.ts";

export async function recordLoginFailure(db: Db, userId: string, now: Date): Promise<LoginFailures> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil })
      .from(users)
      .where(eq(users.id, userId))
      .for("update");
    if (row === undefined) throw new Error("a user vanished while signing in");
    const next = afterFailure(row, now);
    await tx.update(users).set(next).where(eq(users.id, userId));
    return next;
  });
}

/** Writes only when there is something to clear, so an ordinary sign-in costs no update. */
export async function clearLoginFailures(db: Queryable, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null })
    .where(sql`${users.id} = ${userId} and (${users.failedLogins} > 0 or ${users.lockedUntil} is not null)`);
}
