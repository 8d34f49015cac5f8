/**
 * The benchmark's data, written set-based (generate_series, unnest): thousands of sessions,
 * links and mirror items cost a handful of statements, whichever database is underneath.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../store/db.ts";
import { sealLinkTokens } from "../../store/links/sealedAccessToken.ts";
import type { Keyring } from "../../store/secretBox.ts";
import { textArray, uuidArray } from "../../store/sqlArrays.ts";
import { signInMailboxes, type SignedInMailbox } from "./signIns.ts";
import type { SeedContext } from "./stage.ts";

/**
 * `perHost` scheduled sessions for every host, one participant each, starting at
 * `firstStartAt` and `spacingMin` apart (per host), created by the administrator.
 */
export async function seedSessions(
  db: Db,
  input: { orgId: string; createdBy: string; hostIds: readonly string[]; perHost: number; firstStartAt: Date; spacingMin: number },
): Promise<void> {
  await db.execute(sql`
    insert into sessions (org_id, host_id, created_by, title, starts_at, duration_min, time_zone, host_join_token, participant_join_token)
    select ${input.orgId}, h.host_id, ${input.createdBy}, 'Session ' || n,
           ${input.firstStartAt.toISOString()}::timestamptz + make_interval(mins => (n - 1) * ${input.spacingMin}),
           45, 'Europe/London', gen_random_uuid()::text, gen_random_uuid()::text
      from unnest(${uuidArray(input.hostIds)}) as h(host_id)
     cross join generate_series(1, ${input.perHost}::int) as n`);
  await db.execute(sql`
    insert into session_participants (session_id, position, name)
    select s.id, 0, 'Pat Example' from sessions s where s.org_id = ${input.orgId}
    on conflict do nothing`);
}

/**
 * Links for the hosts, holding the sealed tokens of real sign-ins as the product's callback
 * stores them (refresh token, and access token with its expiry). Reconciliation and
 * Outlook reads are scheduled a day ahead: the scenarios measure the push path alone.
 */
export async function seedLinks(
  db: Db,
  keyring: Keyring,
  input: { orgId: string; hosts: ReadonlyArray<{ id: string; mailbox: SignedInMailbox }> },
): Promise<void> {
  const sealed = input.hosts.map(({ mailbox }) =>
    sealLinkTokens(keyring, { refreshToken: mailbox.refreshToken, accessToken: mailbox.accessToken, expiresAtMs: mailbox.accessTokenExpiresAtMs }),
  );
  await db.execute(sql`
    insert into calendar_links (org_id, user_id, mailbox_id, mailbox_address, refresh_token_sealed, access_token_sealed,
                                next_reconcile_at, next_read_at)
    select ${input.orgId}, l.user_id, l.mailbox_id, l.address, l.sealed, l.access_sealed, now() + interval '1 day', now() + interval '1 day'
      from unnest(${uuidArray(input.hosts.map((h) => h.id))}, ${textArray(input.hosts.map((h) => h.mailbox.mailboxId))},
                  ${textArray(input.hosts.map((h) => h.mailbox.address))},
                  ${textArray(sealed.map((s) => s.refreshTokenSealed))}, ${textArray(sealed.map((s) => s.accessTokenSealed))})
           as l(user_id, mailbox_id, address, sealed, access_sealed)`);
}

/**
 * A mirror item for every session of a linked host. The first `dirtyPerLink` sessions of
 * each link are dirty (to be created in Outlook); the others are recorded as already in
 * Outlook, with made-up event ids that nothing will look at.
 */
export async function seedMirrorItems(db: Db, input: { orgId: string; dirtyPerLink: number }): Promise<number> {
  const rows = await queryRows<{ dirty: number }>(
    db,
    sql`
    with ranked as (
      select l.id as link_id, s.id as session_id, row_number() over (partition by l.id order by s.starts_at) as rank
        from calendar_links l join sessions s on s.host_id = l.user_id
       where l.org_id = ${input.orgId}
    ), inserted as (
      insert into mirror_items (link_id, session_id, dirty, remote_event_id, pushed_hash, synced_at)
      select link_id, session_id, rank <= ${input.dirtyPerLink},
             case when rank > ${input.dirtyPerLink} then 'seeded-' || session_id end,
             case when rank > ${input.dirtyPerLink} then 'seeded' end,
             case when rank > ${input.dirtyPerLink} then now() end
        from ranked
      returning dirty
    )
    select count(*) filter (where dirty)::int as dirty from inserted`,
  );
  return rows[0]?.dirty ?? 0;
}

/**
 * Every host of the stage linked to a mailbox signed in for real, with `sessionsPerHost`
 * sessions each and `dirtyPerLink` of them waiting to be pushed. Returns the sign-ins and
 * how long they took (the seeding after them not counted).
 */
export async function seedLinkedHosts(
  context: SeedContext,
  input: { sessionsPerHost: number; spacingMin: number; dirtyPerLink: number },
): Promise<{ signedIn: SignedInMailbox[]; signInSeconds: number }> {
  const { db, people, emulator, appUrl, keyring } = context;
  const startedMs = performance.now();
  const signedIn = await signInMailboxes(emulator.url, appUrl, people.hosts.map((h) => h.mailbox));
  const signInSeconds = (performance.now() - startedMs) / 1000;
  await seedSessions(db, {
    orgId: people.orgId,
    createdBy: people.admin.id,
    hostIds: people.hosts.map((h) => h.id),
    perHost: input.sessionsPerHost,
    firstStartAt: new Date(Date.now() + 86_400_000),
    spacingMin: input.spacingMin,
  });
  await seedLinks(db, keyring, { orgId: people.orgId, hosts: people.hosts.map((h, i) => ({ id: h.id, mailbox: signedIn[i]! })) });
  await seedMirrorItems(db, { orgId: people.orgId, dirtyPerLink: input.dirtyPerLink });
  return { signedIn, signInSeconds };
}
