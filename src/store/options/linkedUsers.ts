/**
 * The linked users of an organization with everything their effective integration value
 * depends on, so an option change can tell whose links it would end (S-OPT-6).
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Queryable } from "../db.ts";
import { calendarLinks, userOptions, users } from "../schema.ts";
import type { LinkedUserSwitches } from "../../domain/integrationChange.ts";

/** Links being unlinked already are left out: there is nothing left to end. */
export function listLinkedUsers(db: Queryable, orgId: string, onlyUserId?: string): Promise<LinkedUserSwitches[]> {
  return db
    .select({
      userId: users.id,
      licensed: users.licensed,
      active: users.active,
      userValue: userOptions.integrationSelf,
      adminValue: userOptions.integrationAdmin,
    })
    .from(calendarLinks)
    .innerJoin(users, eq(users.id, calendarLinks.userId))
    .leftJoin(userOptions, eq(userOptions.userId, users.id))
    .where(
      and(
        eq(calendarLinks.orgId, orgId),
        inArray(calendarLinks.state, ["active", "needs_relink"]),
        onlyUserId === undefined ? undefined : eq(users.id, onlyUserId),
      ),
    );
}
