/**
 * Who may use the Microsoft calendar integration (S-OPT-4, S-OPT-5): the one place
 * that combines the organization's switch, the user's own switch and an administrator's
 * per-user switch into the value that counts.
 */

export interface IntegrationSwitches {
  /** Account Options → "Enable Microsoft Calendar Integration". */
  orgEnabled: boolean;
  /** Account Options → "Can Users Override?". */
  overrideAllowed: boolean;
  /** My Options; null when the user never chose. */
  userValue: boolean | null;
  /** Account Users → Options, set by an Account Administrator; null when unset. */
  adminValue: boolean | null;
}

/**
 * The effective integration value for one user. A user's own choice is kept even when
 * overriding is turned off: it only stops counting, so turning overriding back on
 * restores it.
 */
export function effectiveIntegration(switches: IntegrationSwitches): boolean {
  if (switches.adminValue !== null) return switches.adminValue;
  if (switches.userValue !== null && switches.overrideAllowed) return switches.userValue;
  return switches.orgEnabled;
}

export interface LinkEligibility {
  /** The result of `effectiveIntegration`. */
  effective: boolean;
  licensed: boolean;
  /** False for a deactivated user. */
  active: boolean;
}

/** Whether the profile page offers "Link Microsoft Calendar" (and a link may exist at all). */
export function canLinkCalendar(eligibility: LinkEligibility): boolean {
  return eligibility.effective && eligibility.licensed && eligibility.active;
}
