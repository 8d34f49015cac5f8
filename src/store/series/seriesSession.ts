/** Which occurrence of which series a session stands for, for edits "from this session on". */
import { and, eq, isNull } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { sessions } from "../schema.ts";

/** Undefined for a deleted session, another organization's, or one of no series. */
export async function seriesOccurrenceOf(db: Queryable, orgId: string, sessionId: string): Promise<{ seriesId: string; occurrenceIndex: number } | undefined> {
  const [row] = await db
    .select({ seriesId: sessions.seriesId, occurrenceIndex: sessions.occurrenceIndex })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.orgId, orgId), isNull(sessions.deletedAt)));
  if (row?.seriesId == null || row.occurrenceIndex === null) return undefined;
  return { seriesId: row.seriesId, occurrenceIndex: row.occurrenceIndex };
}
