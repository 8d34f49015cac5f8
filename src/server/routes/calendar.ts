/**
 * The calendar page's API (S-CAL): one call per visible range answers the viewer's
 * sessions, the recurring sessions scheduled to be created and their own Outlook events,
 * with when those were last refreshed. Looking at the calendar keeps the organization's
 * Outlook reads frequent; Refresh asks the worker for a read now. Nothing here waits on
 * Microsoft.
 */
import { eq, or } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { appError } from "../../domain/errors.ts";
import { calendarRange, outlookReadStatus, type ItemsJson, type OutlookReadStatus, type RangeWindow } from "../../store/calendar/calendarRange.ts";
import { keepReadsFrequent, markReadsDue } from "../../store/readSide/readSchedule.ts";
import { series } from "../../store/schema.ts";
import { pendingOccurrences } from "../../store/series/pendingOccurrences.ts";
import { loadActiveSeriesPlans } from "../../store/series/seriesRecord.ts";
import { CALENDAR_RANGE_MAX_DAYS, CalendarQuerySchema, CalendarSchema, OutlookStatusSchema, type CalendarItem, type CalendarQuery, type CalendarView } from "../calendarContract.ts";
import type { RouteDeps } from "../deps.ts";
import { requireUser } from "../plugins/auth.ts";

const tags = ["calendar"];
const DAY_MS = 24 * 3600_000;

export const calendarRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, config }) => {
  app.get(
    "/api/calendar",
    {
      schema: { tags, summary: "Sessions, planned recurring sessions and Outlook events in a range", querystring: CalendarQuerySchema, response: { 200: CalendarSchema } },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const range = rangeOf(request.query);
      const viewer = { orgId: user.orgId, userId: user.id };
      // Independent statements: on PostgreSQL they run side by side on the pool.
      const [{ sessions, outlook, status }, plans] = await Promise.all([
        calendarRange(db, viewer, range),
        // Like sessions on the dashboard: the series the viewer hosts or created.
        loadActiveSeriesPlans(db, user.orgId, or(eq(series.hostId, user.id), eq(series.createdBy, user.id))),
        // Someone of the organization is looking: its links are read every OUTLOOK_READ_ACTIVE_SEC.
        keepReadsFrequent(db, user.orgId, config.env.OUTLOOK_READ_ACTIVE_SEC),
      ]);
      const planned = (await pendingOccurrences(db, plans, range)).map((p): CalendarItem => ({
        kind: "planned",
        id: `${p.seriesId}:${p.occurrenceIndex}`,
        seriesId: p.seriesId,
        title: p.title,
        start: p.startsAt.toISOString(),
        end: p.endsAt.toISOString(),
      }));
      const answer = calendarAnswer([...sessions, ...(planned.length > 0 ? [itemsJson(planned)] : []), ...outlook], status === null ? null : statusView(status));
      // The schema's JSON, joined from pieces (the calendar test parses it with the schema):
      // sent as bytes, so no answer-sized string or object is ever made.
      return reply.type("application/json; charset=utf-8").send(answer as unknown as CalendarView);
    },
  );

  app.post(
    "/api/calendar/refresh",
    { schema: { tags, summary: "Read the linked Outlook calendar again now (the worker does it)", response: { 202: OutlookStatusSchema } } },
    async (request, reply) => {
      const user = requireUser(request);
      const status = await outlookReadStatus(db, user.id);
      // A broken link needs Relink, not a new link: say so.
      if (status?.state === "needs_relink") throw appError("LINK_NEEDS_RELINK");
      if (status === null || status.state !== "active") {
        throw appError("NOT_FOUND", { sentence: "There is no linked Outlook calendar to refresh. Link one on your profile page." });
      }
      await markReadsDue(db, [status.linkId]);
      return reply.code(202).send(statusView(status));
    },
  );
};

function rangeOf(query: CalendarQuery): RangeWindow {
  const range = { from: new Date(query.from), to: new Date(query.to) };
  // PostgreSQL has no year 0, and JavaScript writes years past 9999 with a sign it cannot read.
  if (![range.from, range.to].every((instant) => instant.getUTCFullYear() >= 1 && instant.getUTCFullYear() <= 9999)) {
    throw appError("VALIDATION_FAILED", { sentence: "The calendar range must lie between the years 1 and 9999.", fields: { from: "must be between the years 1 and 9999" } });
  }
  if (range.to.getTime() <= range.from.getTime()) {
    throw appError("VALIDATION_FAILED", { sentence: "The end of the calendar range must be after its start.", fields: { to: "must be after from" } });
  }
  if (range.to.getTime() - range.from.getTime() > CALENDAR_RANGE_MAX_DAYS * DAY_MS) {
    throw appError("VALIDATION_FAILED", {
      sentence: `The calendar shows at most ${CALENDAR_RANGE_MAX_DAYS} days at a time.`,
      fields: { to: `must be at most ${CALENDAR_RANGE_MAX_DAYS} days after from` },
    });
  }
  return range;
}

const ANSWER_START = Buffer.from('{"items":[');
const COMMA = Buffer.from(",");

/** `{"items":[…],"outlook":…}` as bytes, from pieces of the items array. */
function calendarAnswer(pieces: readonly ItemsJson[], outlook: OutlookStatusView | null): Buffer {
  const parts = [ANSWER_START];
  for (const piece of pieces) {
    if (parts.length > 1) parts.push(COMMA);
    parts.push(Buffer.from(piece));
  }
  parts.push(Buffer.from(`],"outlook":${JSON.stringify(outlook)}}`));
  return Buffer.concat(parts);
}

function itemsJson(items: readonly CalendarItem[]): ItemsJson {
  return JSON.stringify(items).slice(1, -1) as ItemsJson;
}

type OutlookStatusView = NonNullable<CalendarView["outlook"]>;

function statusView(status: OutlookReadStatus): OutlookStatusView {
  return { state: status.state, lastRefreshedAt: status.lastReadAt?.toISOString() ?? null, error: status.readError };
}
