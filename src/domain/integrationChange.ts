/**
 * S-OPT-6: which linked users an option change takes the integration away from. Their
 * links must be ended (after the person changing the option confirmed it).
 */
import { canLinkCalendar, effectiveIntegration } from "./options.ts";

export interface OrgSwitches {
  orgEnabled: boolean;
  overrideAllowed: boolean;
}

export interface LinkedUserSwitches {
  userId: string;
  licensed: boolean;
  active: boolean;
  userValue: boolean | null;
  adminValue: boolean | null;
}

/**
 * The linked users who may not keep a link under these switches. A link that is already
 * not allowed is included too: whatever the change, it must end.
 */
export function usersLosingIntegration(org: OrgSwitches, linked: readonly LinkedUserSwitches[]): string[] {
  return linked
    .filter((user) => {
      const effective = effectiveIntegration({ ...org, userValue: user.userValue, adminValue: user.adminValue });
      return !canLinkCalendar({ effective, licensed: user.licensed, active: user.active });
    })
    .map((user) => user.userId);
}
