/**
 * Reads a session of one organization and locks its row until the transaction ends, so two
 * concurrent changes to the same session are applied one after the other.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "../db.ts";
import { sessions } from "../schema.ts";
import type { SessionStatus, UserId } from "../../domain/types.ts";

export interface LockedSession {
  id: string;
  hostId: UserId;
  createdBy: UserId;
  status: SessionStatus;
  startsAt: Date;
  durationMin: number;
  timeZone: string;
}

/** Undefined for a deleted session and for any session of another organization. */
export async function lockSession(tx: Tx, orgId: string, sessionId: string): Promise<LockedSession | undefined> {
  const [row] = await tx
    .select({
      id: sessions.id,
      hostId: sessions.hostId,
      createdBy: sessions.createdBy,
      status: sessions.status,
      startsAt: sessions.startsAt,
      durationMin: sessions.durationMin,
      timeZone: sessions.timeZone,
    })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.orgId, orgId), isNull(sessions.deletedAt)))
    .for("update");
  return row === undefined ? undefined : { ...row, hostId: row.hostId as UserId, createdBy: row.createdBy as UserId };
}
