/**
 * Cross-site request forgery protection for every state-changing API request: a request
 * from another origin is refused, and a signed-in request must echo the session's CSRF
 * token in `x-csrf-token` (which a page of another origin cannot read).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { appError } from "../../domain/errors.ts";
import { isApiPath } from "../paths.ts";

export const CSRF_HEADER = "x-csrf-token";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Signing in has no session yet to hold a token; the origin check still applies. */
const TOKEN_EXEMPT = new Set(["POST /api/auth/login"]);

export interface CsrfOptions {
  /** The product's own address (config.appUrl). */
  appUrl: string;
}

async function csrf(app: FastifyInstance, options: CsrfOptions): Promise<void> {
  const appOrigin = new URL(options.appUrl).origin;
  app.addHook("onRequest", async (request) => {
    if (SAFE_METHODS.has(request.method) || !isApiPath(request.url)) return;
    if (!isSameOrigin(request, appOrigin)) throw appError("CSRF_INVALID", { reason: "origin" });
    if (request.auth === null || TOKEN_EXEMPT.has(`${request.method} ${request.routeOptions.url ?? ""}`)) return;
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== "string" || !equalInConstantTime(sent, request.auth.csrfToken)) {
      throw appError("CSRF_INVALID", { reason: "token" });
    }
  });
}

/** Without an Origin header (programs, old browsers) only the token protects the request. */
function isSameOrigin(request: FastifyRequest, appOrigin: string): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (origin === appOrigin) return true;
  // Behind a dev proxy the page's origin is the proxy's, which is also the Host it forwards.
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}

/** Hashing first makes both sides the same length, so even the length is not leaked. */
function equalInConstantTime(a: string, b: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export default fp(csrf, { name: "careroom-csrf", dependencies: ["careroom-auth"] });
