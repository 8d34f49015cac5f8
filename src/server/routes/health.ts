/** Liveness (the process answers) and readiness (it can reach its database) for operators. */
import { sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { RouteDeps } from "../deps.ts";

const Status = z.object({ status: z.enum(["ok", "unavailable"]) });

export const healthRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get("/healthz", { schema: { hide: true, response: { 200: Status } } }, async () => ({ status: "ok" as const }));

  app.get("/readyz", { schema: { hide: true, response: { 200: Status, 503: Status } } }, async (request, reply) => {
    try {
      await db.execute(sql`select 1`);
      return { status: "ok" as const };
    } catch (error) {
      request.log.warn({ err: error }, "the database is not reachable");
      return reply.code(503).send({ status: "unavailable" as const });
    }
  });
};
