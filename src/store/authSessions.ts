/**
 * Server-side sign-in sessions. The browser holds a random token; only its SHA-256 is
 * stored, so a copy of the database cannot be used to sign in.
 */
import { createHash } from "node:crypto";
import { and, eq, gt, lte } from "drizzle-orm";
import type { Queryable } from "./db.ts";
import { authSessions, users } from "./schema.ts";
import { asRoles, rolesOfUser } from "./users/rolesOf.ts";
import type { OrgId, Role, UserId } from "../domain/types.ts";

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface SignedInUser {
  id: UserId;
  orgId: OrgId;
  roles: Role[];
  licensed: boolean;
  active: boolean;
  name: string;
  email: string;
  timeZone: string;
}

export interface AuthSession {
  tokenHash: string;
  csrfToken: string;
  user: SignedInUser;
}

export async function createAuthSession(
  db: Queryable,
  session: { tokenHash: string; userId: string; csrfToken: string; expiresAt: Date },
): Promise<void> {
  // Signing in is a good moment to forget this user's expired sessions.
  await db.delete(authSessions).where(and(eq(authSessions.userId, session.userId), lte(authSessions.expiresAt, new Date())));
  await db.insert(authSessions).values(session);
}

/** The unexpired session with this token hash and its user (active or not: the caller decides). */
export async function findAuthSession(db: Queryable, tokenHash: string): Promise<AuthSession | undefined> {
  const [row] = await db
    .select({
      csrfToken: authSessions.csrfToken,
      id: users.id,
      orgId: users.orgId,
      roles: rolesOfUser(),
      licensed: users.licensed,
      active: users.active,
      name: users.name,
      email: users.email,
      timeZone: users.timeZone,
    })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(and(eq(authSessions.tokenHash, tokenHash), gt(authSessions.expiresAt, new Date())));
  if (row === undefined) return undefined;
  const { csrfToken, roles, id, orgId, ...rest } = row;
  return { tokenHash, csrfToken, user: { ...rest, id: id as UserId, orgId: orgId as OrgId, roles: asRoles(roles) } };
}

export async function deleteAuthSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.delete(authSessions).where(eq(authSessions.tokenHash, tokenHash));
}
