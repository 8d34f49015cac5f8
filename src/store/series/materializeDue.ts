/**
 * The worker's share of materialisation: claims a batch of active series whose sessions do
 * not yet reach their organization's horizon (`for update skip locked`, so any number of
 * workers split the batch between them) and materialises each up to it.
 */
import { eq, sql } from "drizzle-orm";
import { appendAudit } from "../audit/appendAudit.ts";
import type { Db } from "../db.ts";
import { orgOptions, series, users } from "../schema.ts";
import { DEFAULT_HORIZON_DAYS, materializeUntil } from "./horizon.ts";
import { materializeSeries } from "./materializeSeries.ts";
import { seriesColumns, withParticipants } from "./seriesRecord.ts";

const BATCH = 50;

/** Returns how many series it materialised (0 when none was due). */
export async function materializeDueSeries(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const horizonDays = sql<number>`coalesce(${orgOptions.seriesHorizonDays}, ${DEFAULT_HORIZON_DAYS})::int`;
    const due = await tx
      .select({ row: seriesColumns, horizonDays })
      .from(series)
      .innerJoin(users, eq(users.id, series.hostId))
      .leftJoin(orgOptions, eq(orgOptions.orgId, series.orgId))
      .where(
        // A host who lost their licence or was deactivated cannot host new sessions: their
        // series wait (nothing is made) until an administrator gives the series another host.
        sql`${series.status} = 'active' and ${users.licensed} and ${users.active}
        and (${series.materializedUntil} is null
             or ${series.materializedUntil} < ${now.toISOString()}::timestamptz + make_interval(days => ${horizonDays}))`,
      )
      .orderBy(series.materializedUntil)
      .limit(BATCH)
      .for("update", { of: series, skipLocked: true });
    if (due.length === 0) return 0;
    const records = await withParticipants(tx, due.map((d) => d.row));
    // Organizations differ in horizon: one call per distinct horizon keeps each set-based.
    const made = [];
    for (const days of new Set(due.map((d) => d.horizonDays))) {
      const ids = new Set(due.filter((d) => d.horizonDays === days).map((d) => d.row.id));
      made.push(...(await materializeSeries(tx, records.filter((record) => ids.has(record.id)), materializeUntil(now, days))));
    }
    // Made sessions are exported to Outlook (S-RUN-3): one entry per series that made any.
    for (const record of records) {
      const sessionsMade = made.filter((session) => session.seriesId === record.id).length;
      if (sessionsMade === 0) continue;
      await appendAudit(tx, { orgId: record.orgId, actorId: null, kind: "series.materialized", subjectUserId: record.hostId, details: { seriesId: record.id, sessionsMade } });
    }
    return due.length;
  });
}
