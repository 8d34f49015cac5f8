/**
 * Account Options → Branding (Account Administrators only): the button colours the whole UI
 * uses, and the logo text. Colours are validated as #rrggbb; every change is audited.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { appError } from "../../domain/errors.ts";
import { appendAudit } from "../../store/audit/appendAudit.ts";
import type { Queryable } from "../../store/db.ts";
import { findOrganization } from "../../store/organizations/findOrganization.ts";
import { saveBranding, type Branding } from "../../store/organizations/saveBranding.ts";
import { BrandingPatchSchema, BrandingSchema } from "../contract.ts";
import type { RouteDeps } from "../deps.ts";
import { requireRole } from "../plugins/auth.ts";

const tags = ["options"];
const PATH = "/api/account/options/branding";

async function brandingOf(db: Queryable, orgId: string): Promise<Branding> {
  const organization = await findOrganization(db, orgId);
  if (organization === undefined) throw appError("NOT_FOUND");
  return organization.branding;
}

export const brandingRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get(PATH, { schema: { tags, response: { 200: BrandingSchema } } }, async (request) =>
    brandingOf(db, requireRole(request, "account_admin").orgId),
  );

  app.patch(PATH, { schema: { tags, body: BrandingPatchSchema, response: { 200: BrandingSchema } } }, async (request) => {
    const admin = requireRole(request, "account_admin");
    return db.transaction(async (tx) => {
      const before = await brandingOf(tx, admin.orgId);
      const after: Branding = {
        logoText: request.body.logoText ?? before.logoText,
        // One spelling per colour, so "#AA3300" after "#aa3300" is no change.
        primaryColor: request.body.primaryColor?.toLowerCase() ?? before.primaryColor,
        secondaryColor: request.body.secondaryColor?.toLowerCase() ?? before.secondaryColor,
      };
      if (JSON.stringify(after) === JSON.stringify(before)) return before;
      await saveBranding(tx, admin.orgId, after);
      await appendAudit(tx, { orgId: admin.orgId, actorId: admin.id, kind: "branding.changed", details: { before, after } });
      return after;
    });
  });
};
