/**
 * One log line per request, written by us rather than Fastify so that secrets in paths
 * (join tokens) never reach the log.
 */
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

/** Join tokens are the last segment of these paths. */
const SECRET_PATH = /^(\/api\/rooms\/|\/room\/)[^/?#]+/;

export function loggablePath(url: string): string {
  const path = url.split("?", 1)[0] ?? "";
  return path.replace(SECRET_PATH, "$1[token]");
}

async function requestLog(app: FastifyInstance): Promise<void> {
  app.addHook("onResponse", async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        path: loggablePath(request.url),
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime),
      },
      "request completed",
    );
  });
}

export default fp(requestLog, { name: "careroom-request-log" });
