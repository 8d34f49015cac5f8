/**
 * Every kind of audit log entry the product writes (S-RUN-3), in the words the audit page
 * shows an administrator. Kinds not listed (written by newer code) are shown as they are.
 */

export const AUDIT_KINDS = {
  "options.account.scheduling_changed": "Account Options → Scheduling changed",
  "options.account.privacy_changed": "What Outlook events show changed",
  "options.my.scheduling_changed": "My Options → Scheduling changed",
  "options.user.scheduling_changed": "A user's Scheduling option set by an administrator",
  "branding.changed": "Branding changed",
  "user.added": "User added",
  "user.roles_changed": "Roles changed",
  "user.licence_changed": "Licence changed",
  "user.deactivated": "User deactivated",
  "user.reactivated": "User reactivated",
  "user.sign_in_locked": "Sign-in locked for 15 minutes after repeated failed attempts",
  "link.created": "Microsoft Calendar linked (hosted sessions exported to Outlook)",
  "link.relinked": "Microsoft Calendar relinked",
  "link.denied": "Microsoft Calendar link: access not granted",
  "link.refused": "Microsoft Calendar link refused",
  "link.needs_relink": "Microsoft Calendar link stopped working",
  "link.reconciled": "Outlook calendar repaired",
  "link.unlink_requested": "Microsoft Calendar unlink requested",
  "link.unlinked": "Microsoft Calendar unlinked (its Outlook events removed)",
  "link.unlinked_incomplete": "Microsoft Calendar unlinked (Outlook events could not be removed)",
  "session.created": "Session created (exported to the host's Outlook when linked)",
  "session.updated": "Session changed (exported to the host's Outlook when linked)",
  "session.cancelled": "Session cancelled (removed from Outlook)",
  "session.completed": "Session marked as completed (its Outlook event stays)",
  "session.deleted": "Session deleted (removed from Outlook)",
  "series.created": "Recurring series created (its sessions exported to the host's Outlook when linked)",
  "series.materialized": "Sessions of a recurring series created ahead (exported to the host's Outlook when linked)",
  "series.updated": "Recurring series changed (its future sessions follow in Outlook)",
  "series.split": "Recurring series changed from one session on (split into a new series)",
  "series.cancelled": "Recurring series cancelled (its sessions removed from Outlook)",
} as const satisfies Record<string, string>;

export type AuditKind = keyof typeof AUDIT_KINDS;

export function describeAuditKind(kind: string): string {
  return Object.hasOwn(AUDIT_KINDS, kind) ? AUDIT_KINDS[kind as AuditKind] : kind;
}
