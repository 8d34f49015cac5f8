/**
 * Writes to the read-side cache of a link's Outlook events, one statement per page of a
 * read, whatever its size. Events the product mirrored are kept out here as well as by
 * the reader: an id recorded in mirror_items is never cached.
 */
import { sql } from "drizzle-orm";
import type { ExternalEvent } from "../../domain/outlookRead.ts";
import { queryRows, type Queryable } from "../db.ts";
import { textArray } from "../sqlArrays.ts";

/** Upserts the changed events and deletes the removed ones. */
export async function applyReadPage(db: Queryable, linkId: string, page: { keep: readonly ExternalEvent[]; drop: readonly string[] }): Promise<void> {
  if (page.drop.length > 0) {
    await db.execute(sql`delete from external_events where link_id = ${linkId} and remote_event_id = any(${textArray(page.drop)})`);
  }
  if (page.keep.length === 0) return;
  const rows = JSON.stringify(
    page.keep.map((event) => ({
      id: event.id,
      subject: event.subject,
      starts_at: event.startsAt.toISOString(),
      ends_at: event.endsAt.toISOString(),
      is_all_day: event.isAllDay,
      show_as: event.showAs,
      web_link: event.webLink,
    })),
  );
  await db.execute(sql`
    insert into external_events (link_id, remote_event_id, subject, starts_at, ends_at, is_all_day, show_as, web_link, updated_at)
    select ${linkId}, e.id, e.subject, e.starts_at, e.ends_at, e.is_all_day, e.show_as, e.web_link, now()
      from jsonb_to_recordset(${rows}::jsonb)
           as e(id text, subject text, starts_at timestamptz, ends_at timestamptz, is_all_day boolean, show_as text, web_link text)
     where not exists (select 1 from mirror_items m where m.link_id = ${linkId} and m.remote_event_id = e.id)
    on conflict (link_id, remote_event_id) do update
       set subject = excluded.subject, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
           is_all_day = excluded.is_all_day, show_as = excluded.show_as, web_link = excluded.web_link, updated_at = now()`);
}

/** Of these ids, those neither cached as foreign nor recorded as ours: only they need the property check. */
export async function unknownEventIds(db: Queryable, linkId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    select i.id
      from unnest(${textArray(ids)}) as i(id)
     where not exists (select 1 from external_events e where e.link_id = ${linkId} and e.remote_event_id = i.id)
       and not exists (select 1 from mirror_items m where m.link_id = ${linkId} and m.remote_event_id = i.id)`,
  );
  return new Set(rows.map((row) => row.id));
}

/** After a full round, whatever the round did not mention is no longer in the window. */
export async function keepOnlyEvents(db: Queryable, linkId: string, seenIds: readonly string[]): Promise<void> {
  await db.execute(
    sql`delete from external_events where link_id = ${linkId} and not (remote_event_id = any(${textArray(seenIds)}))`,
  );
}
