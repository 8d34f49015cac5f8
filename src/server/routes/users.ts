/**
 * Account Users (Account Administrators only): the organization's users with their roles,
 * licence, whether they are active and their calendar link; adding a user; changing roles,
 * licence and active. A licence removed or a user deactivated while linked is S-OPT-6.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { appError } from "../../domain/errors.ts";
import type { Role } from "../../domain/types.ts";
import { appendAudit } from "../../store/audit/appendAudit.ts";
import type { Queryable } from "../../store/db.ts";
import { getOrgOptions } from "../../store/options/orgOptions.ts";
import { countActiveAdmins, lockOrganizationUsers, replaceRoles, setActive, setLicensed } from "../../store/users/changeAccountUser.ts";
import { insertUser } from "../../store/users/insertUser.ts";
import { listAccountUsers, type AccountUserRow } from "../../store/users/listAccountUsers.ts";
import { hashPassword } from "../../store/users/passwords.ts";
import {
  AccountUserListSchema,
  AccountUserSchema,
  ConfirmOrConflictSchema,
  CreateUserRequestSchema,
  UpdateUserRequestSchema,
  UserIdParamsSchema,
} from "../contract.ts";
import type { RouteDeps } from "../deps.ts";
import { requireRole } from "../plugins/auth.ts";
import { linkedUsersLosing, saveUnlessUnconfirmed } from "../unlinkConfirmation.ts";

const tags = ["account users"];

/** One user of the organization, or USER_NOT_FOUND (another organization's users included). */
export async function findAccountUser(db: Queryable, orgId: string, userId: string): Promise<AccountUserRow> {
  const [user] = await listAccountUsers(db, orgId, userId);
  if (user === undefined) throw appError("USER_NOT_FOUND");
  return user;
}

export const userRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get("/api/account/users", { schema: { tags, response: { 200: AccountUserListSchema } } }, async (request) => ({
    users: await listAccountUsers(db, requireRole(request, "account_admin").orgId),
  }));

  app.post(
    "/api/account/users",
    { schema: { tags, body: CreateUserRequestSchema, response: { 201: AccountUserSchema } } },
    async (request, reply) => {
      const admin = requireRole(request, "account_admin");
      const { password, ...user } = request.body;
      const passwordHash = await hashPassword(password);
      const created = await db.transaction(async (tx) => {
        const id = await insertUser(tx, { ...user, orgId: admin.orgId, passwordHash });
        if (id === undefined) throw appError("USER_EMAIL_TAKEN");
        await appendAudit(tx, {
          orgId: admin.orgId,
          actorId: admin.id,
          kind: "user.added",
          subjectUserId: id,
          details: { roles: sortedRoles(user.roles), licensed: user.licensed },
        });
        return findAccountUser(tx, admin.orgId, id);
      });
      return reply.code(201).send(created);
    },
  );

  app.patch(
    "/api/account/users/:id",
    {
      schema: {
        tags,
        params: UserIdParamsSchema,
        body: UpdateUserRequestSchema,
        response: { 200: AccountUserSchema, 409: ConfirmOrConflictSchema },
      },
    },
    async (request, reply) => {
      const admin = requireRole(request, "account_admin");
      const userId = request.params.id;
      const { confirmUnlink, roles, licensed, active } = request.body;
      const outcome = await db.transaction(async (tx) => {
        await lockOrganizationUsers(tx, admin.orgId);
        const before = await findAccountUser(tx, admin.orgId, userId);
        const after = { roles: roles === undefined ? before.roles : sortedRoles(roles), licensed: licensed ?? before.licensed, active: active ?? before.active };
        const wasAdmin = before.active && before.roles.includes("account_admin");
        const staysAdmin = after.active && after.roles.includes("account_admin");
        if (wasAdmin && !staysAdmin && (await countActiveAdmins(tx, admin.orgId)) <= 1) throw appError("USER_LAST_ADMIN");

        // Roles do not decide who may link; only a licence or active change can end a link.
        const losing =
          licensed === undefined && active === undefined
            ? []
            : await linkedUsersLosing(tx, admin.orgId, { org: await getOrgOptions(tx, admin.orgId), userId, user: { licensed: after.licensed, active: after.active } });
        return saveUnlessUnconfirmed(tx, losing, confirmUnlink, async () => {
          const audit = (kind: string, details: Record<string, unknown>) =>
            appendAudit(tx, { orgId: admin.orgId, actorId: admin.id, kind, subjectUserId: userId, details: { ...details, unlinkedUsers: losing.length } });
          if (after.roles.join() !== before.roles.join()) {
            await replaceRoles(tx, userId, after.roles);
            await audit("user.roles_changed", { before: before.roles, after: after.roles });
          }
          if (after.licensed !== before.licensed) {
            await setLicensed(tx, userId, after.licensed);
            await audit("user.licence_changed", { before: before.licensed, after: after.licensed });
          }
          if (after.active !== before.active) {
            await setActive(tx, userId, after.active);
            await audit(after.active ? "user.reactivated" : "user.deactivated", {});
          }
          return findAccountUser(tx, admin.orgId, userId);
        });
      });
      if (!outcome.saved) return reply.code(409).send(outcome.confirmation);
      return outcome.value;
    },
  );
};

/** Roles in one order, so before and after compare as sets. */
function sortedRoles(roles: readonly Role[]): Role[] {
  return [...new Set(roles)].sort();
}
