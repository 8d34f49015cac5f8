/**
 * S-OPT-6 for every change that can take the integration away from linked users (the three
 * switches, a licence removed, a user deactivated): who would lose it, and the rule that
 * such a change is only saved once confirmed, and then unlinks them in the same transaction.
 */
import type { z } from "zod";
import { usersLosingIntegration, type LinkedUserSwitches } from "../domain/integrationChange.ts";
import type { Tx } from "../store/db.ts";
import { startUnlink } from "../store/links/linkState.ts";
import { listLinkedUsers } from "../store/options/linkedUsers.ts";
import type { OrgSchedulingOptions } from "../store/options/orgOptions.ts";
import type { UnlinkConfirmationSchema } from "./contract.ts";

export type UnlinkConfirmation = z.infer<typeof UnlinkConfirmationSchema>;
export type Outcome<T> = { saved: true; value: T } | { saved: false; confirmation: UnlinkConfirmation };

/** What a change makes of the organization's switches and, optionally, of one user. */
export interface IntegrationChange {
  org: OrgSchedulingOptions;
  userId?: string;
  user?: Partial<Omit<LinkedUserSwitches, "userId">>;
}

/** The linked users who may not keep their link once `change` is made. */
export async function linkedUsersLosing(tx: Tx, orgId: string, change: IntegrationChange): Promise<string[]> {
  const linked = await listLinkedUsers(tx, orgId, change.userId);
  const after = linked.map((user) => ({ ...user, ...change.user }));
  return usersLosingIntegration({ orgEnabled: change.org.integrationEnabled, overrideAllowed: change.org.usersCanOverride }, after);
}

/** Saves the change unless it unlinks someone without confirmation; a confirmed change unlinks them too. */
export async function saveUnlessUnconfirmed<T>(
  tx: Tx,
  losing: readonly string[],
  confirmUnlink: boolean | undefined,
  save: () => Promise<T>,
): Promise<Outcome<T>> {
  if (losing.length > 0 && confirmUnlink !== true) {
    const users = losing.length === 1 ? "1 linked user and unlinks their calendar" : `${losing.length} linked users and unlinks their calendars`;
    return {
      saved: false,
      confirmation: { code: "CONFIRM_UNLINK", message: `This turns the integration off for ${users}.`, linkedUsers: losing.length },
    };
  }
  // Unlinking first lets `save` answer with the links already in their new state.
  await startUnlink(tx, { userIds: losing });
  return { saved: true, value: await save() };
}

