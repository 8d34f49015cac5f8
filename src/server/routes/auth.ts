/** Signing in and out, and who is signed in (the Me shape the UI starts from). */
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { appError } from "../../domain/errors.ts";
import type { AuthSession } from "../../store/authSessions.ts";
import type { Queryable } from "../../store/db.ts";
import { findOrganization } from "../../store/organizations/findOrganization.ts";
import { findLoginCandidate } from "../../store/users/findLoginCandidate.ts";
import { verifyPassword } from "../../store/users/passwords.ts";
import { LoginRequestSchema, MeSchema, type Me } from "../contract.ts";
import type { RouteDeps } from "../deps.ts";
import { requireSession, signIn, signOut } from "../plugins/auth.ts";

const LOGIN_ATTEMPTS_PER_MINUTE = 10;

export const authRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, config }) => {
  const authOptions = { db, secureCookies: config.secureCookies };

  app.post(
    "/api/auth/login",
    {
      schema: { tags: ["sign-in"], body: LoginRequestSchema, response: { 200: MeSchema } },
      config: {
        rateLimit: {
          max: LOGIN_ATTEMPTS_PER_MINUTE,
          timeWindow: 60_000,
          // After parsing, so the key can include the e-mail address being tried.
          hook: "preHandler",
          keyGenerator: (request: FastifyRequest) => `${request.ip}|${loginEmailOf(request.body)}`,
        },
      },
    },
    async (request, reply) => {
      const candidate = await findLoginCandidate(db, request.body.email);
      const passwordMatches = await verifyPassword(candidate?.passwordHash ?? null, request.body.password);
      // One answer for an unknown address and a wrong password: nobody learns who has an account.
      if (candidate === undefined || !passwordMatches) throw appError("AUTH_INVALID_CREDENTIALS");
      if (!candidate.active) throw appError("AUTH_ACCOUNT_INACTIVE");
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

function loginEmailOf(body: unknown): string {
  const parsed = LoginRequestSchema.shape.email.safeParse(
    typeof body === "object" && body !== null && "email" in body ? body.email : "",
  );
  return parsed.success ? parsed.data.toLowerCase() : "";
}
