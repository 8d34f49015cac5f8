/**
 * Recurring series: create, list, show, edit (whole series, or this and the following
 * sessions), cancel likewise, and the occurrences not yet materialised in a window (the
 * calendar's "scheduled to be created"). "This session only" is the session's own routes.
 * Who may see and change a series follows the session rules: its host, its creator, and
 * the organization's schedulers and administrators.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { or, eq } from "drizzle-orm";
import { z } from "zod";
import { appError } from "../../domain/errors.ts";
import { actsForOrganization, mayManageSession } from "../../domain/permissions.ts";
import type { SignedInUser } from "../../store/authSessions.ts";
import { series as seriesTable } from "../../store/schema.ts";
import { pendingOccurrences } from "../../store/series/pendingOccurrences.ts";
import { loadSeries, lockSeries, type SeriesRecord } from "../../store/series/seriesRecord.ts";
import {
  CancelSeriesRequestSchema,
  CreateSeriesRequestSchema,
  EditSeriesRequestSchema,
  SERIES_WINDOW_MAX_DAYS,
  SeriesListSchema,
  SeriesOccurrenceListSchema,
  SeriesOccurrencesQuerySchema,
  SeriesSchema,
  type SeriesView,
} from "../contract.ts";
import type { RouteDeps } from "../deps.ts";
import { requireUser } from "../plugins/auth.ts";
import { cancelSeries, checkNewSeries, createSeries, editSeries, type ChangeContext } from "../seriesChanges.ts";
import { toSeriesViews } from "../seriesView.ts";

const SeriesParams = z.object({ id: z.uuid({ error: "must be an id" }) });
const tags = ["series"];
const DAY_MS = 86_400_000;

export const seriesRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  /** The series the user may see: all of the organization's for those who act for it. */
  const visibleSeries = (user: SignedInUser, id?: string) =>
    loadSeries(
      db,
      user.orgId,
      id !== undefined ? eq(seriesTable.id, id) : actsForOrganization(user) ? undefined : or(eq(seriesTable.hostId, user.id), eq(seriesTable.createdBy, user.id)),
    ).then((list) => list.filter((record) => mayManageSession(user, record)));

  async function viewOf(user: SignedInUser, id: string): Promise<SeriesView> {
    const [view] = await toSeriesViews(db, user, await visibleSeries(user, id), new Date());
    if (view === undefined) throw appError("SERIES_NOT_FOUND");
    return view;
  }

  /** Runs one change to one series, locked and allowed, in one transaction; or nothing. */
  async function changeSeries<T>(user: SignedInUser, id: string, change: (context: ChangeContext, record: SeriesRecord) => Promise<T>): Promise<T> {
    return db.transaction(async (tx) => {
      const record = await lockSeries(tx, user.orgId, id);
      if (record === undefined) throw appError("SERIES_NOT_FOUND");
      if (!mayManageSession(user, record)) throw appError("AUTH_FORBIDDEN");
      return change({ tx, user, now: new Date() }, record);
    });
  }

  app.get("/api/series", { schema: { tags, response: { 200: SeriesListSchema } } }, async (request) => {
    const user = requireUser(request);
    return { series: await toSeriesViews(db, user, await visibleSeries(user), new Date()) };
  });

  app.get(
    "/api/series/occurrences",
    { schema: { tags, querystring: SeriesOccurrencesQuerySchema, response: { 200: SeriesOccurrenceListSchema } } },
    async (request) => {
      const user = requireUser(request);
      const window = { from: new Date(request.query.from), to: new Date(request.query.to) };
      const spanMs = window.to.getTime() - window.from.getTime();
      if (!(spanMs > 0 && spanMs <= SERIES_WINDOW_MAX_DAYS * DAY_MS)) {
        throw appError("SERIES_WINDOW_INVALID", { fields: { to: `must be after from, at most ${SERIES_WINDOW_MAX_DAYS} days later` } });
      }
      const pending = await pendingOccurrences(db, await visibleSeries(user), window);
      return {
        occurrences: pending.map((o) => ({ ...o, startsAt: o.startsAt.toISOString(), endsAt: o.endsAt.toISOString() })),
      };
    },
  );

  app.get("/api/series/:id", { schema: { tags, params: SeriesParams, response: { 200: SeriesSchema } } }, async (request) =>
    viewOf(requireUser(request), request.params.id),
  );

  app.post("/api/series", { schema: { tags, body: CreateSeriesRequestSchema, response: { 201: SeriesSchema } } }, async (request, reply) => {
    const user = requireUser(request);
    const now = new Date();
    const schedule = checkNewSeries(user, request.body, now);
    const id = await db.transaction((tx) => createSeries({ tx, user, now }, request.body, schedule));
    return reply.code(201).send(await viewOf(user, id));
  });

  app.patch(
    "/api/series/:id",
    { schema: { tags, params: SeriesParams, body: EditSeriesRequestSchema, response: { 200: SeriesSchema } } },
    async (request) => {
      const user = requireUser(request);
      const id = await changeSeries(user, request.params.id, (context, record) => editSeries(context, record, request.body));
      return viewOf(user, id);
    },
  );

  app.post(
    "/api/series/:id/cancel",
    { schema: { tags, params: SeriesParams, body: CancelSeriesRequestSchema, response: { 200: SeriesSchema } } },
    async (request) => {
      const user = requireUser(request);
      await changeSeries(user, request.params.id, (context, record) => cancelSeries(context, record, request.body));
      return viewOf(user, request.params.id);
    },
  );
};
