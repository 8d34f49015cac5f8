/**
 * Builds the web process's Fastify instance: plugins (errors, security headers, sign-in,
 * CSRF, rate limit, docs, static UI) and every feature's routes. It does not listen:
 * the caller does, and tests use `app.inject`.
 */
import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from "fastify";
import { serializerCompiler } from "fastify-type-provider-zod";
import type pino from "pino";
import type { Config } from "../config.ts";
import { appError } from "../domain/errors.ts";
import type { Database } from "../store/db.ts";
import type { RouteDeps } from "./deps.ts";
import auth from "./plugins/auth.ts";
import csrf from "./plugins/csrf.ts";
import docs from "./plugins/docs.ts";
import errors, { errorResponse } from "./plugins/errors.ts";
import requestLog from "./plugins/requestLog.ts";
import security from "./plugins/security.ts";
import staticUi, { DEFAULT_UI_DIR, sendUiIndex } from "./plugins/staticUi.ts";
import { auditRoutes } from "./routes/audit.ts";
import { authRoutes } from "./routes/auth.ts";
import { brandingRoutes } from "./routes/branding.ts";
import { calendarRoutes } from "./routes/calendar.ts";
import { calendarLinkRoutes, type LinkRouteDeps } from "./routes/calendarLink.ts";
import { healthRoutes } from "./routes/health.ts";
import { metricsRoutes } from "./routes/metrics.ts";
import { hostRoutes } from "./routes/hosts.ts";
import { microsoftWebhookRoutes } from "./routes/microsoftWebhook.ts";
import { optionRoutes } from "./routes/options.ts";
import { privacyRoutes } from "./routes/privacy.ts";
import { roomRoutes } from "./routes/rooms.ts";
import { seriesRoutes } from "./routes/series.ts";
import { sessionRoutes } from "./routes/sessions.ts";
import { userOptionRoutes } from "./routes/userOptions.ts";
import { userRoutes } from "./routes/users.ts";
import { validatorCompiler } from "./validation.ts";

export interface AppDeps {
  database: Database;
  config: Config;
  logger: pino.Logger;
  /** The built browser UI; defaults to dist/ui of this repository. */
  uiDir?: string;
  /** Microsoft sign-in for calendar links: identity platform, Graph address, token keyring. */
  link: Omit<LinkRouteDeps, keyof RouteDeps>;
}

/** Never written to a log, wherever they appear in a logged object. */
const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  "*.password",
  "*.csrfToken",
  "*.token",
];

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = deps.logger.child({}, { redact: { paths: REDACTED_PATHS, censor: "[redacted]" } });
  // Fastify's own request lines would log full URLs (join tokens); requestLog writes safe ones.
  const app = Fastify({
    loggerInstance: logger,
    // Behind a reverse proxy, rate limits and logs must see the client's address, not the proxy's.
    trustProxy: deps.config.trustProxy,
    logController: new LogController({ disableRequestLogging: true }),
    // Errors raised before routing (a malformed %-escape in the path) get the same body as any other.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const { statusCode, body } = errorResponse(error);
      void reply.code(statusCode).send(body);
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  acceptEmptyJsonBodies(app);

  const uiDir = deps.uiDir ?? DEFAULT_UI_DIR;
  const routeDeps: RouteDeps = { db: deps.database.db, config: deps.config };

  await app.register(requestLog);
  await app.register(errors, { sendPage: (reply) => sendUiIndex(reply, uiDir) });
  await app.register(security, { https: deps.config.secureCookies });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => appError("RATE_LIMITED"),
  });
  await app.register(auth, { db: routeDeps.db, secureCookies: deps.config.secureCookies });
  await app.register(csrf, { appUrl: deps.config.appUrl });
  await app.register(docs);

  for (const routes of [
    healthRoutes,
    metricsRoutes,
    authRoutes,
    hostRoutes,
    sessionRoutes,
    seriesRoutes,
    roomRoutes,
    optionRoutes,
    userRoutes,
    userOptionRoutes,
    brandingRoutes,
    privacyRoutes,
    auditRoutes,
    calendarRoutes,
    microsoftWebhookRoutes,
  ]) {
    await app.register(routes, routeDeps);
  }
  await app.register(calendarLinkRoutes, { ...routeDeps, ...deps.link });
  await app.register(staticUi, { uiDir });
  return app;
}

/**
 * A POST with `Content-Type: application/json` and no body (e.g. cancel) is read as no
 * body rather than refused; everything else goes to Fastify's own JSON parser. Plain text
 * is no longer accepted, so a wrong content type is a clear 415.
 */
function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser(["application/json", "text/plain"]);
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const text = body.toString();
    if (text === "") {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
