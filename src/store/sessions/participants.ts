/** Writes a session's participant list (protected health information) in the given order. */
import { eq } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { sessionParticipants } from "../schema.ts";
import type { Participant } from "../../domain/types.ts";

/** Replaces the whole list: a list is edited as one value, and positions keep its order. */
export async function replaceParticipants(db: Queryable, sessionId: string, participants: readonly Participant[]): Promise<void> {
  await db.delete(sessionParticipants).where(eq(sessionParticipants.sessionId, sessionId));
  if (participants.length === 0) return;
  await db
    .insert(sessionParticipants)
    .values(participants.map((p, position) => ({ sessionId, position, name: p.name, email: p.email, phone: p.phone })));
}
