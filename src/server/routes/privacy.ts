/**
 * Account Options → Privacy (Account Administrators only): what the organization's Outlook
 * events show (S-SYNC-3). A change marks every mirrored event of the organization's active
 * links for rewriting, in the same transaction.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { appendAudit } from "../../store/audit/appendAudit.ts";
import { markOrganizationDirty } from "../../store/mirror/markOrganizationDirty.ts";
import { getPrivacyLevel, savePrivacyLevel } from "../../store/options/privacy.ts";
import { PrivacyOptionsSchema, PrivacyPatchSchema } from "../contract.ts";
import type { RouteDeps } from "../deps.ts";
import { requireRole } from "../plugins/auth.ts";

const tags = ["options"];
const PATH = "/api/account/options/privacy";

export const privacyRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get(PATH, { schema: { tags, response: { 200: PrivacyOptionsSchema } } }, async (request) => ({
    privacyLevel: await getPrivacyLevel(db, requireRole(request, "account_admin").orgId),
  }));

  app.patch(PATH, { schema: { tags, body: PrivacyPatchSchema, response: { 200: PrivacyOptionsSchema } } }, async (request) => {
    const admin = requireRole(request, "account_admin");
    const { privacyLevel } = request.body;
    await db.transaction(async (tx) => {
      const before = await getPrivacyLevel(tx, admin.orgId, true);
      if (before === privacyLevel) return;
      await savePrivacyLevel(tx, admin.orgId, privacyLevel);
      await markOrganizationDirty(tx, admin.orgId);
      await appendAudit(tx, {
        orgId: admin.orgId,
        actorId: admin.id,
        kind: "options.account.privacy_changed",
        details: { before, after: privacyLevel },
      });
    });
    return { privacyLevel };
  });
};
