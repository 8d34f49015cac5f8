/** A user's two integration switches (S-OPT-2, S-OPT-3); null means "not set". */
import { eq } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { userOptions } from "../schema.ts";

export interface UserSwitches {
  integrationSelf: boolean | null;
  integrationAdmin: boolean | null;
}

export async function getUserSwitches(db: Queryable, userId: string): Promise<UserSwitches> {
  const [row] = await db
    .select({ integrationSelf: userOptions.integrationSelf, integrationAdmin: userOptions.integrationAdmin })
    .from(userOptions)
    .where(eq(userOptions.userId, userId));
  return row ?? { integrationSelf: null, integrationAdmin: null };
}

export async function saveIntegrationSelf(db: Queryable, userId: string, value: boolean | null): Promise<void> {
  await db
    .insert(userOptions)
    .values({ userId, integrationSelf: value })
    .onConflictDoUpdate({ target: userOptions.userId, set: { integrationSelf: value, updatedAt: new Date() } });
}

/** Account Users → Options (S-OPT-3); null clears it, so the user's own or the organization's value counts. */
export async function saveIntegrationAdmin(db: Queryable, userId: string, value: boolean | null): Promise<void> {
  await db
    .insert(userOptions)
    .values({ userId, integrationAdmin: value })
    .onConflictDoUpdate({ target: userOptions.userId, set: { integrationAdmin: value, updatedAt: new Date() } });
}
