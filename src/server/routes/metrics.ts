/**
 * GET /metrics for Prometheus: the process's counters, plus the sync backlog read from the
 * database at scrape time. With METRICS_TOKEN set, a scrape must send it as a bearer token.
 */
import { timingSafeEqual } from "node:crypto";
import { sql } from "drizzle-orm";
import type { FastifyPluginAsync } from "fastify";
import { Gauge, Registry, register } from "prom-client";
import { appError } from "../../domain/errors.ts";
// The sync's counters register on import; a web-only process must list them too (at zero).
import "../../metrics.ts";
import { queryRows } from "../../store/db.ts";
import type { RouteDeps } from "../deps.ts";

export const metricsRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, config }) => {
  // Its own registry: the backlog belongs to this app's database, and tests build many apps.
  const perApp = new Registry();
  new Gauge({
    name: "careroom_sync_dirty_items",
    help: "Mirror items waiting to be pushed to Outlook (due now, or waiting for a retry).",
    labelNames: ["due"] as const,
    registers: [perApp],
    async collect() {
      const [row] = await queryRows<{ due_now: number | string; later: number | string }>(
        db,
        sql`select count(*) filter (where next_attempt_at <= now()) as due_now,
                   count(*) filter (where next_attempt_at > now()) as later
              from mirror_items where dirty`,
      );
      this.set({ due: "now" }, Number(row?.due_now ?? 0));
      this.set({ due: "later" }, Number(row?.later ?? 0));
    },
  });
  const token = config.env.METRICS_TOKEN;

  app.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
    if (token !== undefined && !bearerMatches(request.headers.authorization, token)) throw appError("AUTH_REQUIRED");
    const text = `${await register.metrics()}\n${await perApp.metrics()}`;
    return reply.type(register.contentType).send(text);
  });
};

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, "") ?? "");
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
