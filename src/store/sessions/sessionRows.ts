/**
 * Sessions as a viewer sees them: the row, the host's name, the participants, and the facts
 * the sync state is derived from. Two queries whatever the number of sessions.
 */
import { and, asc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { calendarLinks, mirrorItems, sessionParticipants, sessions, users } from "../schema.ts";
import type { LinkState, Participant, SessionId, SessionStatus, UserId } from "../../domain/types.ts";

export interface SessionRow {
  id: SessionId;
  hostId: UserId;
  hostName: string;
  createdBy: UserId;
  title: string;
  startsAt: Date;
  durationMin: number;
  timeZone: string;
  notes: string | null;
  status: SessionStatus;
  hostJoinToken: string;
  participantJoinToken: string;
  participants: Participant[];
  /** Whether the session is shared with the viewer (session_shares). */
  sharedWithViewer: boolean;
  linkState: LinkState | null;
  item: { dirty: boolean; lastError: string | null } | null;
  /** The recurring series the session was materialised from, if any. */
  seriesId: string | null;
}

export type SessionSelection =
  /** The viewer's dashboard: active sessions they host, created, or that are shared with them. */
  | { kind: "dashboard"; orgId: string; viewerId: string; now: Date }
  | { kind: "one"; orgId: string; viewerId: string; sessionId: string };

export async function listSessionRows(db: Queryable, selection: SessionSelection): Promise<SessionRow[]> {
  const shared = sql<boolean>`exists(select 1 from session_shares sh where sh.session_id = ${sessions.id} and sh.user_id = ${selection.viewerId})`;
  const rows = await db
    .select({
      id: sessions.id,
      hostId: sessions.hostId,
      hostName: users.name,
      createdBy: sessions.createdBy,
      title: sessions.title,
      startsAt: sessions.startsAt,
      durationMin: sessions.durationMin,
      timeZone: sessions.timeZone,
      notes: sessions.notes,
      status: sessions.status,
      hostJoinToken: sessions.hostJoinToken,
      participantJoinToken: sessions.participantJoinToken,
      sharedWithViewer: shared,
      linkState: calendarLinks.state,
      itemDirty: mirrorItems.dirty,
      itemLastError: mirrorItems.lastError,
      seriesId: sessions.seriesId,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.hostId))
    .leftJoin(calendarLinks, eq(calendarLinks.userId, sessions.hostId))
    .leftJoin(mirrorItems, and(eq(mirrorItems.linkId, calendarLinks.id), eq(mirrorItems.sessionId, sessions.id)))
    .where(and(eq(sessions.orgId, selection.orgId), isNull(sessions.deletedAt), selectionCondition(selection, shared)))
    .orderBy(asc(sessions.startsAt), asc(sessions.id));
  if (rows.length === 0) return [];

  const participantRows = await db
    .select()
    .from(sessionParticipants)
    .where(inArray(sessionParticipants.sessionId, rows.map((r) => r.id)))
    .orderBy(asc(sessionParticipants.sessionId), asc(sessionParticipants.position));
  const participantsBySession = new Map<string, Participant[]>();
  for (const p of participantRows) {
    const list = participantsBySession.get(p.sessionId) ?? [];
    list.push({ name: p.name, email: p.email, phone: p.phone });
    participantsBySession.set(p.sessionId, list);
  }

  return rows.map(({ itemDirty, itemLastError, ...row }) => ({
    ...row,
    id: row.id as SessionId,
    hostId: row.hostId as UserId,
    createdBy: row.createdBy as UserId,
    participants: participantsBySession.get(row.id) ?? [],
    item: itemDirty === null ? null : { dirty: itemDirty, lastError: itemLastError },
  }));
}

function selectionCondition(selection: SessionSelection, shared: SQL<boolean>): SQL | undefined {
  if (selection.kind === "one") return eq(sessions.id, selection.sessionId);
  return and(
    eq(sessions.status, "scheduled"),
    sql`${sessions.startsAt} + make_interval(mins => ${sessions.durationMin}) > ${selection.now.toISOString()}::timestamptz`,
    or(eq(sessions.hostId, selection.viewerId), eq(sessions.createdBy, selection.viewerId), shared),
  );
}
