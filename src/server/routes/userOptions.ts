/**
 * Account Users → Options → Scheduling (S-OPT-3): an Account Administrator sets "Enable
 * Microsoft Calendar Integration" for one user, whatever "Can Users Override?" says. Setting
 * it to No for a linked user is confirmed first and unlinks them (S-OPT-6).
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { z } from "zod";
import { effectiveIntegration } from "../../domain/options.ts";
import { appendAudit } from "../../store/audit/appendAudit.ts";
import type { Queryable } from "../../store/db.ts";
import { getOrgOptions } from "../../store/options/orgOptions.ts";
import { getUserSwitches, saveIntegrationAdmin } from "../../store/options/userOptions.ts";
import { UnlinkConfirmationSchema, UserIdParamsSchema, UserSchedulingOptionsSchema, UserSchedulingPatchSchema } from "../contract.ts";
import type { RouteDeps } from "../deps.ts";
import { requireRole } from "../plugins/auth.ts";
import { linkedUsersLosing, saveUnlessUnconfirmed } from "../unlinkConfirmation.ts";
import { findAccountUser } from "./users.ts";

const tags = ["account users"];
const PATH = "/api/account/users/:id/options/scheduling";

export const userOptionRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get(PATH, { schema: { tags, params: UserIdParamsSchema, response: { 200: UserSchedulingOptionsSchema } } }, async (request) =>
    userOptions(db, requireRole(request, "account_admin").orgId, request.params.id),
  );

  app.patch(
    PATH,
    {
      schema: {
        tags,
        params: UserIdParamsSchema,
        body: UserSchedulingPatchSchema,
        response: { 200: UserSchedulingOptionsSchema, 409: UnlinkConfirmationSchema },
      },
    },
    async (request, reply) => {
      const admin = requireRole(request, "account_admin");
      const userId = request.params.id;
      const { integrationAdmin, confirmUnlink } = request.body;
      const outcome = await db.transaction(async (tx) => {
        await findAccountUser(tx, admin.orgId, userId);
        const org = await getOrgOptions(tx, admin.orgId, true);
        const losing = await linkedUsersLosing(tx, admin.orgId, { org, userId, user: { adminValue: integrationAdmin } });
        return saveUnlessUnconfirmed(tx, losing, confirmUnlink, async () => {
          const before = (await getUserSwitches(tx, userId)).integrationAdmin;
          if (before === integrationAdmin && losing.length === 0) return;
          await saveIntegrationAdmin(tx, userId, integrationAdmin);
          await appendAudit(tx, {
            orgId: admin.orgId,
            actorId: admin.id,
            kind: "options.user.scheduling_changed",
            subjectUserId: userId,
            details: { before, after: integrationAdmin, unlinkedUsers: losing.length },
          });
        });
      });
      if (!outcome.saved) return reply.code(409).send(outcome.confirmation);
      return userOptions(db, admin.orgId, userId);
    },
  );
};

async function userOptions(db: Queryable, orgId: string, userId: string): Promise<z.infer<typeof UserSchedulingOptionsSchema>> {
  const user = await findAccountUser(db, orgId, userId);
  const [org, switches] = await Promise.all([getOrgOptions(db, orgId), getUserSwitches(db, userId)]);
  return {
    user: { id: user.id, name: user.name, licensed: user.licensed, active: user.active },
    integrationAdmin: switches.integrationAdmin,
    effective: effectiveIntegration({
      orgEnabled: org.integrationEnabled,
      overrideAllowed: org.usersCanOverride,
      userValue: switches.integrationSelf,
      adminValue: switches.integrationAdmin,
    }),
  };
}
