/** Creates a session with its participants; the caller marks it dirty in the same transaction. */
import type { Queryable } from "../db.ts";
import { sessions } from "../schema.ts";
import { replaceParticipants } from "./participants.ts";
import type { Participant, SessionId } from "../../domain/types.ts";

export interface NewSession {
  orgId: string;
  hostId: string;
  createdBy: string;
  title: string;
  startsAt: Date;
  durationMin: number;
  timeZone: string;
  notes: string | null;
  hostJoinToken: string;
  participantJoinToken: string;
  participants: readonly Participant[];
  status?: "scheduled" | "cancelled";
}

export async function insertSession(db: Queryable, session: NewSession): Promise<SessionId> {
  const { participants, ...row } = session;
  const [inserted] = await db.insert(sessions).values(row).returning({ id: sessions.id });
  if (inserted === undefined) throw new Error("inserting a session returned no row");
  await replaceParticipants(db, inserted.id, participants);
  return inserted.id as SessionId;
}
