/**
 * Pending OAuth authorizations. The `state` sent to Microsoft is stored only as a hash,
 * with the PKCE verifier sealed; taking one deletes it, so each can be used once.
 */
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "../db.ts";

export function hashState(state: string): string {
  return createHash("sha256").update(state).digest("hex");
}

export async function saveOAuthState(
  db: Queryable,
  pending: { state: string; userId: string; codeVerifierSealed: string; expiresAt: Date },
): Promise<void> {
  // Old, never-finished attempts of anyone are cleared on the way: the table stays small.
  await db.execute(sql`delete from oauth_states where expires_at < now()`);
  await db.execute(sql`
    insert into oauth_states (state_hash, user_id, code_verifier_sealed, expires_at)
    values (${hashState(pending.state)}, ${pending.userId}, ${pending.codeVerifierSealed}, ${pending.expiresAt.toISOString()})`);
}

/** Removes and returns the pending authorization, or undefined when unknown or expired. */
export async function takeOAuthState(
  db: Queryable,
  state: string,
): Promise<{ userId: string; codeVerifierSealed: string } | undefined> {
  const rows = await queryRows<{ user_id: string; code_verifier_sealed: string; expired: boolean }>(
    db,
    sql`delete from oauth_states where state_hash = ${hashState(state)}
        returning user_id, code_verifier_sealed, expires_at < now() as expired`,
  );
  const row = rows[0];
  if (!row || row.expired) return undefined;
  return { userId: row.user_id, codeVerifierSealed: row.code_verifier_sealed };
}
