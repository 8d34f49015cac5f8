/** A session as the API shows it to one viewer: what they may see, and its sync state. */
import { mayManageSession, type Actor } from "../domain/permissions.ts";
import { syncStatus } from "../domain/syncStatus.ts";
import { sessionEndsAt } from "../domain/types.ts";
import type { SessionRow } from "../store/sessions/sessionRows.ts";
import type { SessionView } from "./contract.ts";

export function joinUrl(appUrl: string, token: string): string {
  return `${appUrl}/room/${token}`;
}

/** Whether the viewer may see this session at all (within their organization). */
export function maySeeSession(viewer: Actor, row: SessionRow): boolean {
  return row.sharedWithViewer || mayManageSession(viewer, row);
}

export function toSessionView(row: SessionRow, viewer: Actor, appUrl: string): SessionView {
  return {
    id: row.id,
    title: row.title,
    host: { id: row.hostId, name: row.hostName },
    hostedByMe: row.hostId === viewer.id,
    startsAt: row.startsAt.toISOString(),
    endsAt: sessionEndsAt(row).toISOString(),
    durationMin: row.durationMin,
    timeZone: row.timeZone,
    notes: row.notes,
    status: row.status,
    participants: row.participants,
    // The host link starts the call as host: only for those who manage the session.
    hostJoinUrl: mayManageSession(viewer, row) ? joinUrl(appUrl, row.hostJoinToken) : null,
    participantJoinUrl: joinUrl(appUrl, row.participantJoinToken),
    sync: syncStatus({ linkState: row.linkState, item: row.item }),
    series: row.seriesId === null ? null : { id: row.seriesId },
  };
}
