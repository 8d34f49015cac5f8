/** Who may be made the host of a session or a series: a licensed, active member of the organization. */
import { appError } from "../domain/errors.ts";
import type { Tx } from "../store/db.ts";
import { findOrgUser } from "../store/users/findOrgUser.ts";

/** Another organization's user is "not a member": nothing about them is revealed. */
export async function requireEligibleHost(tx: Tx, orgId: string, hostId: string): Promise<void> {
  const host = await findOrgUser(tx, orgId, hostId);
  if (host === undefined) throw appError("SESSION_HOST_NOT_IN_ORGANIZATION", { fields: { hostId: "is not a member of your organization" } });
  if (!host.active) throw appError("SESSION_HOST_INACTIVE", { fields: { hostId: "is deactivated" } });
  if (!host.licensed) throw appError("SESSION_HOST_NOT_LICENSED", { fields: { hostId: "has no licence" } });
}
