/**
 * Sessions: the dashboard list, one session, and every change to a session. Each change
 * commits the session row, its participants, an audit entry and the dirty marking of its
 * mirror items in one transaction, so Outlook follows even after a crash (S-SYNC-4).
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { appError } from "../../domain/errors.ts";
import { mayManageSession, maySchedule } from "../../domain/permissions.ts";
import { isKnownTimeZone, isPlausibleStart } from "../../domain/sessionRules.ts";
import type { UserId } from "../../domain/types.ts";
import { appendAudit } from "../../store/audit/appendAudit.ts";
import type { SignedInUser } from "../../store/authSessions.ts";
import type { Tx } from "../../store/db.ts";
import { markSessionsDirty } from "../../store/mirror/markSessionsDirty.ts";
import { randomToken } from "../../store/randomToken.ts";
import { insertSession } from "../../store/sessions/insertSession.ts";
import { lockSession, type LockedSession } from "../../store/sessions/lockSession.ts";
import { listSessionRows } from "../../store/sessions/sessionRows.ts";
import { updateSession, type SessionChange } from "../../store/sessions/updateSession.ts";
import {
  CreateSessionRequestSchema,
  SessionListSchema,
  SessionSchema,
  UpdateSessionRequestSchema,
  type SessionView,
} from "../contract.ts";
import type { RouteDeps } from "../deps.ts";
import { requireEligibleHost } from "../hostEligibility.ts";
import { requireUser } from "../plugins/auth.ts";
import { maySeeSession, toSessionView } from "../sessionView.ts";

const SessionParams = z.object({ id: z.uuid({ error: "must be an id" }) });
const tags = ["sessions"];

export const sessionRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, config }) => {
  async function viewOf(viewer: SignedInUser, sessionId: string): Promise<SessionView> {
    const [row] = await listSessionRows(db, { kind: "one", orgId: viewer.orgId, viewerId: viewer.id, sessionId });
    if (row === undefined || !maySeeSession(viewer, row)) throw appError("SESSION_NOT_FOUND");
    return toSessionView(row, viewer, config.appUrl);
  }

  /** Runs one change to one session: locked, allowed, audited and marked dirty, or nothing. */
  async function changeSession(
    user: SignedInUser,
    sessionId: string,
    change: (tx: Tx, session: LockedSession) => Promise<{ kind: string; details?: Record<string, unknown> } | undefined>,
  ): Promise<void> {
    await db.transaction(async (tx) => {
      const session = await lockSession(tx, user.orgId, sessionId);
      if (session === undefined) throw appError("SESSION_NOT_FOUND");
      if (!mayManageSession(user, session)) throw appError("AUTH_FORBIDDEN");
      const audit = await change(tx, session);
      if (audit === undefined) return;
      await appendAudit(tx, {
        orgId: user.orgId,
        actorId: user.id,
        kind: audit.kind,
        subjectUserId: session.hostId,
        details: { sessionId, ...audit.details },
      });
      await markSessionsDirty(tx, [sessionId]);
    });
  }

  app.get("/api/sessions", { schema: { tags, response: { 200: SessionListSchema } } }, async (request) => {
    const user = requireUser(request);
    const rows = await listSessionRows(db, { kind: "dashboard", orgId: user.orgId, viewerId: user.id, now: new Date() });
    return { sessions: rows.map((row) => toSessionView(row, user, config.appUrl)) };
  });

  app.get("/api/sessions/:id", { schema: { tags, params: SessionParams, response: { 200: SessionSchema } } }, async (request) =>
    viewOf(requireUser(request), request.params.id),
  );

  app.post(
    "/api/sessions",
    { schema: { tags, body: CreateSessionRequestSchema, response: { 201: SessionSchema } } },
    async (request, reply) => {
      const user = requireUser(request);
      const { startsAt, hostId, ...fields } = request.body;
      if (!maySchedule(user, hostId as UserId)) throw appError("AUTH_FORBIDDEN");
      checkTimeZone(fields.timeZone);
      const start = plausibleStart(startsAt);
      const sessionId = await db.transaction(async (tx) => {
        await requireEligibleHost(tx, user.orgId, hostId);
        const id = await insertSession(tx, {
          ...fields,
          orgId: user.orgId,
          hostId,
          createdBy: user.id,
          startsAt: start,
          hostJoinToken: randomToken(),
          participantJoinToken: randomToken(),
        });
        await appendAudit(tx, { orgId: user.orgId, actorId: user.id, kind: "session.created", subjectUserId: hostId, details: { sessionId: id } });
        await markSessionsDirty(tx, [id]);
        return id;
      });
      return reply.code(201).send(await viewOf(user, sessionId));
    },
  );

  app.patch(
    "/api/sessions/:id",
    { schema: { tags, params: SessionParams, body: UpdateSessionRequestSchema, response: { 200: SessionSchema } } },
    async (request) => {
      const user = requireUser(request);
      const body = request.body;
      checkTimeZone(body.timeZone);
      const startsAt = body.startsAt === undefined ? undefined : plausibleStart(body.startsAt);
      await changeSession(user, request.params.id, async (tx, session) => {
        if (session.status === "cancelled") throw appError("SESSION_CANCELLED");
        if (body.hostId !== undefined && body.hostId !== session.hostId) {
          if (!maySchedule(user, body.hostId as UserId)) throw appError("AUTH_FORBIDDEN");
          await requireEligibleHost(tx, user.orgId, body.hostId);
        }
        const change: SessionChange = { ...body, startsAt };
        await updateSession(tx, session.id, change);
        const hostChange = body.hostId !== undefined && body.hostId !== session.hostId ? { previousHostId: session.hostId, hostId: body.hostId } : {};
        return { kind: "session.updated", details: { changed: Object.keys(body), ...hostChange } };
      });
      return viewOf(user, request.params.id);
    },
  );

  app.post(
    "/api/sessions/:id/cancel",
    { schema: { tags, params: SessionParams, response: { 200: SessionSchema } } },
    async (request) => {
      const user = requireUser(request);
      await changeSession(user, request.params.id, async (tx, session) => {
        // Cancelling twice, or a session already over, changes nothing.
        if (session.status !== "scheduled") return undefined;
        await updateSession(tx, session.id, { status: "cancelled" });
        return { kind: "session.cancelled" };
      });
      return viewOf(user, request.params.id);
    },
  );

  app.post(
    "/api/sessions/:id/complete",
    { schema: { tags, params: SessionParams, response: { 200: SessionSchema } } },
    async (request) => {
      const user = requireUser(request);
      await changeSession(user, request.params.id, async (tx, session) => {
        if (session.status === "completed") return undefined;
        if (session.status === "cancelled") throw appError("SESSION_CANCELLED");
        // A session is over once it has started; one still to come is cancelled, not completed.
        if (session.startsAt.getTime() > Date.now()) throw appError("SESSION_NOT_STARTED");
        await updateSession(tx, session.id, { status: "completed" });
        return { kind: "session.completed" };
      });
      return viewOf(user, request.params.id);
    },
  );

  app.delete(
    "/api/sessions/:id",
    { schema: { tags, params: SessionParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const user = requireUser(request);
      await changeSession(user, request.params.id, async (tx, session) => {
        await updateSession(tx, session.id, { deletedAt: new Date() });
        return { kind: "session.deleted" };
      });
      return reply.code(204).send(null);
    },
  );
};

/** Zod knows the shape of a time zone name; only the runtime knows which zones exist. */
function checkTimeZone(timeZone: string | undefined): void {
  if (timeZone !== undefined && !isKnownTimeZone(timeZone)) {
    throw appError("SESSION_TIME_ZONE_UNKNOWN", { fields: { timeZone: "is not a time zone we know" } });
  }
}

/** A start decades away is a typo, not a plan. */
function plausibleStart(startsAt: string): Date {
  const instant = new Date(startsAt);
  if (!isPlausibleStart(instant, new Date())) {
    throw appError("SESSION_START_OUT_OF_RANGE", { fields: { startsAt: "must be within a day before now and two years after" } });
  }
  return instant;
}
