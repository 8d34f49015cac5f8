/**
 * Re-seals every stored secret (links' refresh and access tokens, pending sign-ins' PKCE verifiers)
 * under the keyring's current key, page by page, so an old key can then be retired.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "../db.ts";

const PAGE = 500;

/** `reseal` returns the new sealed value, or undefined when the value is already current. */
export async function resealStoredSecrets(db: Queryable, reseal: (sealed: string) => string | undefined): Promise<{ links: number; pendingSignIns: number }> {
  let links = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await queryRows<{ id: string; refresh: string | null; access: string | null }>(
      db,
      sql`select id, refresh_token_sealed as refresh, access_token_sealed as access from calendar_links
           where (refresh_token_sealed is not null or access_token_sealed is not null) and id > ${after}::uuid
           order by id limit ${PAGE}`,
    );
    for (const row of rows) {
      const refresh = row.refresh === null ? undefined : reseal(row.refresh);
      const access = row.access === null ? undefined : reseal(row.access);
      if (refresh === undefined && access === undefined) continue;
      // Only if nobody stored newer tokens meanwhile (a worker refreshing them, a relink).
      await db.execute(sql`update calendar_links
                              set refresh_token_sealed = ${refresh ?? row.refresh}, access_token_sealed = ${access ?? row.access}
                            where id = ${row.id} and refresh_token_sealed is not distinct from ${row.refresh}
                              and access_token_sealed is not distinct from ${row.access}`);
      links++;
    }
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) break;
    after = last.id;
  }
  // Pending sign-ins live ten minutes; resealing them keeps a rotation from breaking one in progress.
  const pending = await queryRows<{ state_hash: string; sealed: string }>(
    db,
    sql`select state_hash, code_verifier_sealed as sealed from oauth_states where expires_at > now()`,
  );
  let pendingSignIns = 0;
  for (const row of pending) {
    const resealed = reseal(row.sealed);
    if (resealed === undefined) continue;
    await db.execute(sql`update oauth_states set code_verifier_sealed = ${resealed} where state_hash = ${row.state_hash}`);
    pendingSignIns++;
  }
  return { links, pendingSignIns };
}
