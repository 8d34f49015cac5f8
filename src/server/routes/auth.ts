/**
 * Signing in and out, and who is signed in (the Me shape the UI starts from). Sign-in is
 * guarded twice against guessing: each e-mail address locks after a few failures in a row
 * (accounts and unknown addresses alike), and each client address is rate limited across
 * every e-mail address it tries.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { appError, type AppError } from "../../domain/errors.ts";
import { isLocked, minutesLeft } from "../../domain/loginLockout.ts";
import { appendAudit } from "../../store/audit/appendAudit.ts";
import type { AuthSession } from "../../store/authSessions.ts";
import type { Queryable } from "../../store/db.ts";
import { findOrganization } from "../../store/organizations/findOrganization.ts";
import { findLoginCandidate } from "../../store/users/findLoginCandidate.ts";
import { clearLoginFailures, recordLoginFailure } from "../../store/users/loginFailures.ts";
import { verifyPassword } from "../../store/users/passwords.ts";
import { LoginRequestSchema, MeSchema, type Me } from "../contract.ts";
import type { RouteDeps } from "../deps.ts";
import { requireSession, signIn, signOut } from "../plugins/auth.ts";
import { createUnknownAddressFailures } from "../unknownAddressFailures.ts";

/** Per client address, whatever e-mail addresses it tries: room for a clinic behind one NAT. */
const LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE = 30;

export const authRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, config }) => {
  const authOptions = { db, secureCookies: config.secureCookies };

  const unknownAddresses = createUnknownAddressFailures();

  app.post(
    "/api/auth/login",
    {
      schema: { tags: ["sign-in"], body: LoginRequestSchema, response: { 200: MeSchema } },
      onRequest: app.rateLimit({
        max: LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE,
        timeWindow: 60_000,
        keyGenerator: (request: FastifyRequest) => `login-ip:${request.ip}`,
      }),
    },
    async (request, reply) => {
      const now = new Date();
      const { email, password } = request.body;
      const candidate = await findLoginCandidate(db, email);
      // The password is checked even while locked, so a locked address costs as much as any other.
      const passwordMatches = await verifyPassword(candidate?.passwordHash ?? null, password);
      const failures = candidate ?? unknownAddresses.get(email);
      if (failures.lockedUntil !== null && isLocked(failures, now)) throw lockedOut(reply, failures.lockedUntil, now);
      // One answer for an unknown address and a wrong password: nobody learns who has an account.
      if (candidate === undefined || !passwordMatches) {
        const after = candidate === undefined ? unknownAddresses.recordFailure(email, now) : await recordLoginFailure(db, candidate.id, now);
        if (after.lockedUntil === null) throw appError("AUTH_INVALID_CREDENTIALS");
        if (candidate !== undefined) {
          await appendAudit(db, { orgId: candidate.orgId, actorId: null, kind: "user.sign_in_locked", subjectUserId: candidate.id, details: { until: after.lockedUntil.toISOString() } });
        }
        throw lockedOut(reply, after.lockedUntil, now);
      }
      if (!candidate.active) throw appError("AUTH_ACCOUNT_INACTIVE");
      await clearLoginFailures(db, candidate.id);
      const session = await signIn(request, reply, authOptions, candidate.id);
      request.log.info({ userId: candidate.id }, "signed in");
      return meOf(db, session);
    },
  );

  app.post("/api/auth/logout", { schema: { tags: ["sign-in"], response: { 204: z.null() } } }, async (request, reply) => {
    await signOut(request, reply, authOptions);
    return reply.code(204).send(null);
  });

  app.get("/api/me", { schema: { tags: ["sign-in"], response: { 200: MeSchema } } }, async (request) => {
    return meOf(db, requireSession(request));
  });
};

async function meOf(db: Queryable, session: AuthSession): Promise<Me> {
  const { user } = session;
  const organization = await findOrganization(db, user.orgId);
  if (organization === undefined) throw new Error("a signed-in user's organization is missing");
  return {
    user: { id: user.id, name: user.name, email: user.email, licensed: user.licensed, roles: user.roles, timeZone: user.timeZone },
    organization,
    csrfToken: session.csrfToken,
  };
}

/** The lock's sentence says when to try again; Retry-After says it to programs. */
function lockedOut(reply: FastifyReply, lockedUntil: Date, now: Date): AppError {
  const minutes = minutesLeft(lockedUntil, now);
  reply.header("retry-after", String(Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000)));
  return appError("AUTH_LOCKED", {
    sentence: `Too many failed sign-ins for this e-mail address. Please try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
  });
}
