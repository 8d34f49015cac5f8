/**
 * The Scheduling switches of Account Options (S-OPT-1, administrators) and My Options
 * (S-OPT-2). A change that takes the integration away from linked users is only made once
 * confirmed, and then unlinks them in the same transaction (S-OPT-6).
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { z } from "zod";
import { appError, ERRORS } from "../../domain/errors.ts";
import { effectiveIntegration } from "../../domain/options.ts";
import { appendAudit } from "../../store/audit/appendAudit.ts";
import type { SignedInUser } from "../../store/authSessions.ts";
import type { Queryable } from "../../store/db.ts";
import { getOrgOptions, saveOrgOptions, type OrgSchedulingOptions } from "../../store/options/orgOptions.ts";
import { getUserSwitches, saveIntegrationSelf } from "../../store/options/userOptions.ts";
import {
  AccountSchedulingOptionsSchema,
  AccountSchedulingPatchSchema,
  MySchedulingOptionsSchema,
  MySchedulingPatchSchema,
  UnlinkConfirmationSchema,
} from "../contract.ts";
import type { RouteDeps } from "../deps.ts";
import { requireRole, requireUser } from "../plugins/auth.ts";
import { linkedUsersLosing, saveUnlessUnconfirmed } from "../unlinkConfirmation.ts";

const ACCOUNT_ADMIN = "account_admin";
const tags = ["options"];

export const optionRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get(
    "/api/account/options/scheduling",
    { schema: { tags, response: { 200: AccountSchedulingOptionsSchema } } },
    async (request) => getOrgOptions(db, requireRole(request, ACCOUNT_ADMIN).orgId),
  );

  app.patch(
    "/api/account/options/scheduling",
    { schema: { tags, body: AccountSchedulingPatchSchema, response: { 200: AccountSchedulingOptionsSchema, 409: UnlinkConfirmationSchema } } },
    async (request, reply) => {
      const admin = requireRole(request, ACCOUNT_ADMIN);
      const { confirmUnlink, ...change } = request.body;
      const result = await db.transaction(async (tx) => {
        const before = await getOrgOptions(tx, admin.orgId, true);
        const after: OrgSchedulingOptions = { ...before, ...definedOnly(change) };
        const losing = await linkedUsersLosing(tx, admin.orgId, { org: after });
        const unchanged = before.integrationEnabled === after.integrationEnabled && before.usersCanOverride === after.usersCanOverride;
        const outcome = await saveUnlessUnconfirmed(tx, losing, confirmUnlink, async () => {
          if (unchanged && losing.length === 0) return;
          await saveOrgOptions(tx, admin.orgId, after);
          await appendAudit(tx, {
            orgId: admin.orgId,
            actorId: admin.id,
            kind: "options.account.scheduling_changed",
            details: { before, after, unlinkedUsers: losing.length },
          });
        });
        return { outcome, after };
      });
      if (!result.outcome.saved) return reply.code(409).send(result.outcome.confirmation);
      return result.after;
    },
  );

  app.get("/api/me/options/scheduling", { schema: { tags, response: { 200: MySchedulingOptionsSchema } } }, async (request) =>
    myOptions(db, requireUser(request)),
  );

  app.patch(
    "/api/me/options/scheduling",
    { schema: { tags, body: MySchedulingPatchSchema, response: { 200: MySchedulingOptionsSchema, 409: UnlinkConfirmationSchema } } },
    async (request, reply) => {
      const user = requireUser(request);
      const { integrationSelf, confirmUnlink } = request.body;
      const outcome = await db.transaction(async (tx) => {
        const org = await getOrgOptions(tx, user.orgId, true);
        if (!mayEditOwnOption(user, org)) throw appError("OPTIONS_OVERRIDE_NOT_ALLOWED");
        const losing = await linkedUsersLosing(tx, user.orgId, { org, userId: user.id, user: { userValue: integrationSelf } });
        return saveUnlessUnconfirmed(tx, losing, confirmUnlink, async () => {
          const before = (await getUserSwitches(tx, user.id)).integrationSelf;
          await saveIntegrationSelf(tx, user.id, integrationSelf);
          await appendAudit(tx, {
            orgId: user.orgId,
            actorId: user.id,
            kind: "options.my.scheduling_changed",
            subjectUserId: user.id,
            details: { before, after: integrationSelf, unlinkedUsers: losing.length },
          });
        });
      });
      if (!outcome.saved) return reply.code(409).send(outcome.confirmation);
      return myOptions(db, user);
    },
  );
};

function mayEditOwnOption(user: SignedInUser, org: OrgSchedulingOptions): boolean {
  return org.usersCanOverride || user.roles.includes(ACCOUNT_ADMIN);
}

async function myOptions(db: Queryable, user: SignedInUser): Promise<z.infer<typeof MySchedulingOptionsSchema>> {
  const org = await getOrgOptions(db, user.orgId);
  const switches = await getUserSwitches(db, user.id);
  const editable = mayEditOwnOption(user, org);
  return {
    integrationSelf: switches.integrationSelf,
    editable,
    readOnlyReason: editable ? null : ERRORS.OPTIONS_OVERRIDE_NOT_ALLOWED.message,
    effective: effectiveIntegration({
      orgEnabled: org.integrationEnabled,
      overrideAllowed: org.usersCanOverride,
      userValue: switches.integrationSelf,
      adminValue: switches.integrationAdmin,
    }),
  };
}

/** A PATCH leaves out what it does not change. */
function definedOnly<T extends object>(change: T): Partial<T> {
  return Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) as Partial<T>;
}
