/** What a join link's room page may know about its session: the time, and whose link it is. */
import { and, eq, isNull, or } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { sessions } from "../schema.ts";

export interface RoomFacts {
  startsAt: Date;
  durationMin: number;
  timeZone: string;
  role: "host" | "participant";
}

/** Undefined for an unknown token and for a cancelled or deleted session. */
export async function findRoom(db: Queryable, joinToken: string): Promise<RoomFacts | undefined> {
  const [row] = await db
    .select({
      startsAt: sessions.startsAt,
      durationMin: sessions.durationMin,
      timeZone: sessions.timeZone,
      hostJoinToken: sessions.hostJoinToken,
    })
    .from(sessions)
    .where(
      and(
        or(eq(sessions.hostJoinToken, joinToken), eq(sessions.participantJoinToken, joinToken)),
        eq(sessions.status, "scheduled"),
        isNull(sessions.deletedAt),
      ),
    );
  if (row === undefined) return undefined;
  const { hostJoinToken, ...facts } = row;
  return { ...facts, role: hostJoinToken === joinToken ? "host" : "participant" };
}
