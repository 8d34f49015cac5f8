/**
 * Who may do what with sessions inside one organization. The organization itself is
 * checked by the queries (another organization's rows are never found); these rules
 * decide among the members.
 */
import type { Role, UserId } from "./types.ts";

export interface Actor {
  id: UserId;
  roles: readonly Role[];
  licensed: boolean;
}

export interface SessionPeople {
  hostId: UserId;
  createdBy: UserId;
}

/** Schedulers and Account Administrators act for every host of their organization. */
export function actsForOrganization(actor: Actor): boolean {
  return actor.roles.includes("scheduler") || actor.roles.includes("account_admin");
}

/**
 * Whether the actor may make `hostId` the host of a session (creating it or changing its
 * host). Whether that host is licensed and active is checked against the database.
 */
export function maySchedule(actor: Actor, hostId: UserId): boolean {
  return actsForOrganization(actor) || (hostId === actor.id && actor.licensed);
}

/** Edit, reschedule, cancel, delete, and see the host's join link. */
export function mayManageSession(actor: Actor, session: SessionPeople): boolean {
  return actsForOrganization(actor) || session.hostId === actor.id || session.createdBy === actor.id;
}
