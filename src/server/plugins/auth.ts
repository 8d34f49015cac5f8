/**
 * Sign-in sessions kept on the server: the cookie carries a random token, the database its
 * SHA-256. Every API request learns who is signed in here; routes then demand it with
 * `requireUser` or `requireRole`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type {} from "@fastify/cookie";
import { appError } from "../../domain/errors.ts";
import type { Role } from "../../domain/types.ts";
import {
  createAuthSession,
  deleteAuthSession,
  findAuthSession,
  hashSessionToken,
  type AuthSession,
  type SignedInUser,
} from "../../store/authSessions.ts";
import type { Db } from "../../store/db.ts";
import { randomToken } from "../../store/randomToken.ts";
import { isApiPath } from "../paths.ts";

export type { SignedInUser };

export const SESSION_COOKIE = "careroom_sid";
const SESSION_TTL_MS = 12 * 60 * 60_000;

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in session, or null; only looked up for API requests. */
    auth: AuthSession | null;
  }
}

export interface AuthOptions {
  db: Db;
  secureCookies: boolean;
}

export function requireSession(request: FastifyRequest): AuthSession {
  if (request.auth === null) throw appError("AUTH_REQUIRED");
  return request.auth;
}

export function requireUser(request: FastifyRequest): SignedInUser {
  return requireSession(request).user;
}

export function requireRole(request: FastifyRequest, role: Role): SignedInUser {
  const user = requireUser(request);
  if (!user.roles.includes(role)) throw appError("AUTH_FORBIDDEN");
  return user;
}

/** Starts a session for a user who just proved who they are; any previous one is ended. */
export async function signIn(
  request: FastifyRequest,
  reply: FastifyReply,
  options: AuthOptions,
  userId: string,
): Promise<AuthSession> {
  if (request.auth !== null) await deleteAuthSession(options.db, request.auth.tokenHash);
  const token = randomToken();
  const tokenHash = hashSessionToken(token);
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await createAuthSession(options.db, { tokenHash, userId, csrfToken: randomToken(), expiresAt });
  const session = await findAuthSession(options.db, tokenHash);
  if (session === undefined) throw new Error("a sign-in session vanished right after it was created");
  reply.setCookie(SESSION_COOKIE, token, { ...cookieFlags(options.secureCookies), expires: expiresAt });
  request.auth = session;
  return session;
}

export async function signOut(request: FastifyRequest, reply: FastifyReply, options: AuthOptions): Promise<void> {
  if (request.auth !== null) await deleteAuthSession(options.db, request.auth.tokenHash);
  request.auth = null;
  reply.clearCookie(SESSION_COOKIE, cookieFlags(options.secureCookies));
}

function cookieFlags(secure: boolean) {
  return { httpOnly: true, sameSite: "lax", secure, path: "/" } as const;
}

async function auth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  app.decorateRequest("auth", null);
  app.addHook("onRequest", async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token === undefined || !isApiPath(request.url)) return;
    const tokenHash = hashSessionToken(token);
    const session = await findAuthSession(options.db, tokenHash);
    if (session?.user.active === true) {
      request.auth = session;
      return;
    }
    // Unknown, expired, or its user was deactivated: the browser forgets the cookie.
    if (session !== undefined) await deleteAuthSession(options.db, tokenHash);
    reply.clearCookie(SESSION_COOKIE, cookieFlags(options.secureCookies));
  });
}

export default fp(auth, { name: "careroom-auth", dependencies: ["@fastify/cookie"] });
