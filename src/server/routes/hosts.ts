/** Who can host a session in the caller's organization (the host picker). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { listHosts } from "../../store/users/listHosts.ts";
import { HostListSchema } from "../contract.ts";
import type { RouteDeps } from "../deps.ts";
import { requireUser } from "../plugins/auth.ts";

export const hostRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get("/api/hosts", { schema: { tags: ["sessions"], response: { 200: HostListSchema } } }, async (request) => {
    const user = requireUser(request);
    return { hosts: await listHosts(db, user.orgId) };
  });
};
