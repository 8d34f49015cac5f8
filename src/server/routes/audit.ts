/**
 * The audit log for Account Administrators (S-RUN-3): who did what and when, newest first,
 * filterable by user and kind, paged by id. Only the signed-in administrator's organization.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { AUDIT_KINDS, describeAuditKind } from "../../domain/auditKinds.ts";
import { listAudit } from "../../store/audit/listAudit.ts";
import { AuditPageSchema, AuditQuerySchema } from "../contract.ts";
import type { RouteDeps } from "../deps.ts";
import { requireRole } from "../plugins/auth.ts";

const KINDS = Object.entries(AUDIT_KINDS).map(([kind, what]) => ({ kind, what }));

export const auditRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get("/api/account/audit", { schema: { tags: ["audit"], querystring: AuditQuerySchema, response: { 200: AuditPageSchema } } }, async (request) => {
    const admin = requireRole(request, "account_admin");
    const { rows, nextBefore } = await listAudit(db, { orgId: admin.orgId, ...request.query });
    return {
      entries: rows.map((row) => ({ ...row, at: row.at.toISOString(), what: describeAuditKind(row.kind) })),
      nextBefore,
      kinds: KINDS,
    };
  });
};
