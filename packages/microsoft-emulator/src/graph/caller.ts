// Who is calling Graph: the bearer token is looked up (unknown, expired or revoked → 401
// InvalidAuthenticationToken) and the caller's permissions checked per endpoint (→ 403).
import type { FastifyRequest } from "fastify";
import type { EmulatorContext } from "../context.ts";
import type { Mailbox } from "../model.ts";
import { GraphError, graphErrors } from "./errors.ts";

export interface Caller {
  clientId: string;
  mailbox: Mailbox;
  scopes: readonly string[];
}

declare module "fastify" {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

export function authenticate(context: EmulatorContext, request: FastifyRequest): Caller {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match?.[1]) throw graphErrors.missingToken();
  const token = context.store.accessTokens.get(match[1]);
  if (!token) throw graphErrors.invalidToken();
  if (token.expiresAt <= context.clock.now()) throw graphErrors.expiredToken();
  const mailbox = context.store.findMailbox(token.mailbox);
  if (!mailbox) throw graphErrors.invalidToken();
  return { clientId: token.clientId, mailbox, scopes: token.scopes };
}

/** The caller set by the Graph pipeline; routes run only after it succeeded. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw graphErrors.missingToken();
  return request.caller;
}

export type Permission = "calendars.read" | "calendars.write" | "user.read";

const SATISFIED_BY: Readonly<Record<Permission, readonly string[]>> = {
  "calendars.read": ["calendars.read", "calendars.readwrite", "calendars.read.shared", "calendars.readwrite.shared", "calendars.readbasic"],
  "calendars.write": ["calendars.readwrite", "calendars.readwrite.shared"],
  "user.read": ["user.read", "user.readwrite", "user.readbasic.all", "user.read.all", "user.readwrite.all", "directory.read.all"],
};

export function requirePermission(caller: Caller, permission: Permission): void {
  const held = new Set(caller.scopes.map((scope) => scope.toLowerCase()));
  if (SATISFIED_BY[permission].some((scope) => held.has(scope))) return;
  if (permission === "user.read") throw new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
  throw graphErrors.accessDenied();
}
