/** Changes a session's row (and, when given, its participants); the caller marks it dirty. */
import { eq, sql } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { sessions } from "../schema.ts";
import { replaceParticipants } from "./participants.ts";
import type { Participant, SessionStatus } from "../../domain/types.ts";

export interface SessionChange {
  title?: string;
  hostId?: string;
  startsAt?: Date;
  durationMin?: number;
  timeZone?: string;
  notes?: string | null;
  status?: SessionStatus;
  /** Deleting only marks the row: the worker still needs it to remove the Outlook events. */
  deletedAt?: Date;
  participants?: readonly Participant[];
}

/** Changes of what a session is, as opposed to its state (cancelled, deleted). */
const EDITS = ["title", "hostId", "startsAt", "durationMin", "timeZone", "notes", "participants"] as const satisfies ReadonlyArray<keyof SessionChange>;

export async function updateSession(db: Queryable, sessionId: string, change: SessionChange): Promise<void> {
  const { participants, ...columns } = change;
  // A series session edited on its own ("this session only") stops following its series.
  const exception = EDITS.some((key) => change[key] !== undefined) ? { seriesException: sql<boolean>`${sessions.seriesId} is not null` } : {};
  await db
    .update(sessions)
    .set({ ...columns, ...exception, updatedAt: new Date() })
    .where(eq(sessions.id, sessionId));
  if (participants !== undefined) await replaceParticipants(db, sessionId, participants);
}
