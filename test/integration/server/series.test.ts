/**
 * Recurring series through the API and the materialiser, against a real database: create,
 * materialise once however many run, each edit and cancel scope, daylight saving, bad input
 * (refused with nothing written), who may see and change a series, and the occurrences not
 * yet materialised.
 */
import { asc, eq, sql } from "drizzle-orm";
import { Temporal } from "temporal-polyfill";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../../src/store/db.ts";
import { auditLog, calendarLinks, mirrorItems, orgOptions, series, sessions, users } from "../../../src/store/schema.ts";
import { materializeDueSeries } from "../../../src/store/series/materializeDue.ts";
import { materializeSeries } from "../../../src/store/series/materializeSeries.ts";
import { loadSeries } from "../../../src/store/series/seriesRecord.ts";
import { startAppWithTwoOrganizations, type Client, type TestApp } from "../../support/app.ts";
import type { OrgFixture } from "../../support/fixtures.ts";

const DAY_MS = 86_400_000;

/** The local date `days` from today in `timeZone`, moved forward to `weekday` (1 = Monday) when given. */
function dateAhead(days: number, timeZone = "UTC", weekday?: number): string {
  let date = Temporal.Now.plainDateISO(timeZone).add({ days });
  if (weekday !== undefined) date = date.add({ days: (weekday - date.dayOfWeek + 7) % 7 });
  return date.toString();
}

function wallClock(instant: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone).toPlainDateTime().toString({ smallestUnit: "minute" });
}

interface SessionRow {
  id: string;
  startsAt: Date;
  title: string;
  status: string;
  occurrenceIndex: number | null;
  seriesException: boolean;
  seriesId: string | null;
}

describe("recurring series", () => {
  let t: TestApp;
  let a: OrgFixture;
  let b: OrgFixture;
  let admin: Client;
  let licensed: Client;
  let scheduler: Client;
  let unlicensed: Client;
  let otherAdmin: Client;

  beforeAll(async () => {
    ({ t, a, b, admin, licensed, scheduler, unlicensed, otherAdmin } = await startAppWithTwoOrganizations());
  });
  afterAll(async () => t.close());

  const weekly = (weekdays: number[], end: Record<string, unknown> = { kind: "never" }) => ({ frequency: "weekly", interval: 1, weekdays, end });

  const draft = (overrides: Record<string, unknown> = {}) => ({
    title: "Weekly check-in",
    hostId: a.licensed.id,
    durationMin: 45,
    timeZone: "Europe/London",
    participants: [{ name: "Pat Doe", email: "pat@example.test", phone: null }],
    rule: weekly([1, 4]),
    firstStart: { date: dateAhead(1, "Europe/London", 1), time: "09:00" },
    ...overrides,
  });

  async function create(client: Client, overrides: Record<string, unknown> = {}) {
    const response = await client.request({ method: "POST", url: "/api/series", payload: draft(overrides) });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; description: string; nextSessions: Array<{ id: string; startsAt: string }> }>();
  }

  async function sessionsOf(seriesId: string): Promise<SessionRow[]> {
    return t.database.db
      .select({
        id: sessions.id,
        startsAt: sessions.startsAt,
        title: sessions.title,
        status: sessions.status,
        occurrenceIndex: sessions.occurrenceIndex,
        seriesException: sessions.seriesException,
        seriesId: sessions.seriesId,
      })
      .from(sessions)
      .where(eq(sessions.seriesId, seriesId))
      .orderBy(asc(sessions.occurrenceIndex));
  }

  async function setHorizon(orgId: string, days: number) {
    await t.database.db.update(orgOptions).set({ seriesHorizonDays: days }).where(eq(orgOptions.orgId, orgId));
  }

  /** Every table a series change writes to. */
  async function counts() {
    const [row] = await queryRows<Record<string, number | string>>(
      t.database.db,
      sql`select (select count(*) from series) as series,
                 (select count(*) from series_participants) as series_participants,
                 (select count(*) from sessions) as sessions,
                 (select count(*) from session_participants) as participants,
                 (select count(*) from audit_log) as audit,
                 (select count(*) from mirror_items) as items,
                 (select count(*) from sessions where updated_at <> created_at) as updated,
                 (select count(*) from series where updated_at <> created_at) as series_updated`,
    );
    return Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key, Number(value)]));
  }

  it("creates a series and its first horizon of sessions at once, marked dirty for Outlook and audited", async () => {
    const [link] = await t.database.db
      .insert(calendarLinks)
      .values({ orgId: a.orgId, userId: a.licensed.id, mailboxId: "mbx-series-a", mailboxAddress: "licensed.a@outlook.test", state: "active" })
      .returning();
    const created = await create(licensed);
    expect(created.description).toBe("Every week on Monday and Thursday");

    const made = await sessionsOf(created.id);
    // Monday and Thursday within 14 days of a start at most 7 days ahead: 3 or 4 sessions.
    expect(made.length).toBeGreaterThanOrEqual(3);
    expect(made.map((s) => s.occurrenceIndex)).toEqual(made.map((_, i) => i));
    for (const session of made) {
      expect(wallClock(session.startsAt, "Europe/London").slice(11)).toBe("09:00");
      expect(session.startsAt.getTime()).toBeLessThan(Date.now() + 15 * DAY_MS);
    }
    const items = await t.database.db.select().from(mirrorItems).where(eq(mirrorItems.linkId, link?.id ?? ""));
    expect(items.filter((item) => made.some((s) => s.id === item.sessionId) && item.dirty)).toHaveLength(made.length);

    const first = (await licensed.request({ method: "GET", url: `/api/sessions/${made[0]?.id}` })).json();
    expect(first).toMatchObject({ title: "Weekly check-in", durationMin: 45, participants: [{ name: "Pat Doe" }], series: { id: created.id } });
    const dashboard = (await licensed.request({ method: "GET", url: "/api/sessions" })).json<{ sessions: Array<{ id: string }> }>();
    expect(dashboard.sessions.map((s) => s.id)).toEqual(expect.arrayContaining(made.map((s) => s.id)));
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.kind, "series.created"));
    expect(audit.at(-1)?.details).toMatchObject({ seriesId: created.id, sessionsMade: made.length });
  });

  it("makes no new sessions for a host who lost their licence, until they have it again", async () => {
    const created = await create(licensed, { rule: { frequency: "daily", interval: 1, end: { kind: "never" } } });
    const before = (await sessionsOf(created.id)).length;
    await setHorizon(a.orgId, 40);
    await t.database.db.update(users).set({ licensed: false }).where(eq(users.id, a.licensed.id));
    await materializeDueSeries(t.database.db, new Date());
    expect(await sessionsOf(created.id)).toHaveLength(before);
    await t.database.db.update(users).set({ licensed: true }).where(eq(users.id, a.licensed.id));
    await materializeDueSeries(t.database.db, new Date());
    expect((await sessionsOf(created.id)).length).toBeGreaterThan(before);
    await setHorizon(a.orgId, 14);
  });

  it("materialises each occurrence once, however many materialisations run at the same time", async () => {
    const created = await create(licensed, { rule: { frequency: "daily", interval: 1, end: { kind: "never" } } });
    const before = (await sessionsOf(created.id)).length;
    const now = new Date();
    // Two materialisations of the same series that do not even claim it (as a request and a
    // worker racing, each from the start): the unique occurrence key decides.
    const [record] = await loadSeries(t.database.db, a.orgId, eq(series.id, created.id));
    if (record === undefined) throw new Error("series not found");
    const until = new Date(now.getTime() + 21 * DAY_MS);
    await Promise.all([
      t.database.db.transaction((tx) => materializeSeries(tx, [{ ...record, materializedUntil: null }], until)),
      t.database.db.transaction((tx) => materializeSeries(tx, [{ ...record, materializedUntil: null }], until)),
    ]);
    const raced = (await sessionsOf(created.id)).length;
    expect(raced).toBeGreaterThan(before + 5);
    // Then two workers claiming due series at once, and a restart: nothing is due any more.
    await setHorizon(a.orgId, 40);
    await Promise.all([materializeDueSeries(t.database.db, now), materializeDueSeries(t.database.db, now)]);
    expect(await materializeDueSeries(t.database.db, now)).toBe(0);

    const made = await sessionsOf(created.id);
    expect(made.length).toBeGreaterThan(raced + 15);
    expect(new Set(made.map((s) => s.occurrenceIndex)).size).toBe(made.length);
    expect(made.map((s) => s.occurrenceIndex)).toEqual(made.map((_, i) => i));
    const audited = await t.database.db.select().from(auditLog).where(eq(auditLog.kind, "series.materialized"));
    const counted = audited.filter((entry) => entry.details.seriesId === created.id).map((entry) => Number(entry.details.sessionsMade));
    expect(counted).toEqual([made.length - raced]);
    await setHorizon(a.orgId, 14);
  });

  it("keeps 09:00 New York time across both daylight saving changes when the worker materialises", async () => {
    const cases = [
      { zone: "America/New_York", firstDate: "2027-10-25", utcHours: ["13:00", "13:00", "14:00", "14:00"] },
      { zone: "America/New_York", firstDate: "2027-03-01", utcHours: ["14:00", "14:00", "13:00", "13:00"] },
      { zone: "Australia/Sydney", firstDate: "2027-09-20", utcHours: ["23:00", "23:00", "22:00", "22:00"] },
    ];
    for (const { zone, firstDate, utcHours } of cases) {
      const created = await create(licensed, { timeZone: zone, rule: weekly([1], { kind: "count", count: 4 }), firstStart: { date: firstDate, time: "09:00" } });
      await setHorizon(a.orgId, 30);
      expect(await sessionsOf(created.id)).toEqual([]);
      await materializeDueSeries(t.database.db, new Date(`${firstDate}T00:00:00Z`));
      const made = await sessionsOf(created.id);
      expect(made.map((s) => wallClock(s.startsAt, zone).slice(11))).toEqual(["09:00", "09:00", "09:00", "09:00"]);
      expect(made.map((s) => s.startsAt.toISOString().slice(11, 16))).toEqual(utcHours);
      const [row] = await t.database.db.select({ status: series.status }).from(series).where(eq(series.id, created.id));
      expect(row?.status).toBe("ended");
      await setHorizon(a.orgId, 14);
    }
  });

  it("edits one session only: it becomes an exception that later edits of the series leave alone", async () => {
    const created = await create(licensed, { rule: { frequency: "daily", interval: 1, end: { kind: "never" } }, firstStart: { date: dateAhead(1, "Europe/London"), time: "09:00" } });
    const [first, second, third] = await sessionsOf(created.id);
    const edited = await licensed.request({ method: "PATCH", url: `/api/sessions/${second?.id}`, payload: { title: "Moved check-in", durationMin: 60 } });
    expect(edited.statusCode).toBe(200);
    const cancelled = await licensed.request({ method: "POST", url: `/api/sessions/${third?.id}/cancel` });
    expect(cancelled.statusCode).toBe(200);

    const whole = await licensed.request({ method: "PATCH", url: `/api/series/${created.id}`, payload: { scope: "series", title: "Renamed", startTime: "10:30" } });
    expect(whole.statusCode, whole.body).toBe(200);
    const after = await sessionsOf(created.id);
    const byId = new Map(after.map((s) => [s.id, s]));
    expect(byId.get(first?.id ?? "")).toMatchObject({ title: "Renamed", seriesException: false });
    expect(wallClock(byId.get(first?.id ?? "")?.startsAt ?? new Date(0), "Europe/London").slice(11)).toBe("10:30");
    expect(byId.get(second?.id ?? "")).toMatchObject({ title: "Moved check-in", seriesException: true, startsAt: second?.startsAt });
    expect(byId.get(third?.id ?? "")).toMatchObject({ status: "cancelled", title: "Weekly check-in" });
    // The edited and the cancelled occurrence are never made again.
    expect(new Set(after.map((s) => s.occurrenceIndex)).size).toBe(after.length);
    expect(after.filter((s) => s.occurrenceIndex === 1 || s.occurrenceIndex === 2)).toHaveLength(2);
  });

  it("edits the whole series: future sessions follow, a past one never changes", async () => {
    // Started 23 hours ago, daily: the first session is in the past.
    const start = Temporal.Now.zonedDateTimeISO("UTC").subtract({ hours: 23 }).round({ smallestUnit: "hour", roundingMode: "ceil" });
    const created = await create(licensed, {
      timeZone: "UTC",
      rule: { frequency: "daily", interval: 1, end: { kind: "count", count: 10 } },
      firstStart: { date: start.toPlainDate().toString(), time: start.toPlainTime().toString({ smallestUnit: "minute" }) },
    });
    const before = await sessionsOf(created.id);
    expect(before[0]?.startsAt.getTime()).toBeLessThan(Date.now());

    const response = await licensed.request({
      method: "PATCH",
      url: `/api/series/${created.id}`,
      payload: { scope: "series", startTime: "07:15", rule: { frequency: "daily", interval: 2, end: { kind: "count", count: 10 } } },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ description: "Every 2 days, 9 times" });
    const after = await sessionsOf(created.id);
    expect(after[0]).toEqual(before[0]);
    const future = after.filter((s) => s.status === "scheduled" && s.occurrenceIndex !== 0);
    expect(future.length).toBeGreaterThan(0);
    for (const session of future) expect(session.startsAt.toISOString().slice(11, 16)).toBe("07:15");
    const gaps = future.slice(1).map((s, i) => (s.startsAt.getTime() - (future[i]?.startsAt.getTime() ?? 0)) / DAY_MS);
    expect(new Set(gaps)).toEqual(new Set([2]));
    // 1 past + 9 remaining at most, each occurrence once.
    expect(after.filter((s) => s.status === "scheduled").length).toBeLessThanOrEqual(10);
    expect(new Set(after.map((s) => s.occurrenceIndex)).size).toBe(after.length);
  });

  it("edits this and the following sessions: the series is split, sessions move to the new one", async () => {
    await setHorizon(a.orgId, 35);
    const created = await create(licensed, { rule: weekly([2], { kind: "count", count: 6 }), firstStart: { date: dateAhead(1, "Europe/London", 2), time: "09:00" } });
    const before = await sessionsOf(created.id);
    expect(before.length).toBeGreaterThanOrEqual(4);
    const [, , third, fourth] = before;
    await licensed.request({ method: "PATCH", url: `/api/sessions/${fourth?.id}`, payload: { notes: "Bring the forms" } });

    const response = await licensed.request({
      method: "PATCH",
      url: `/api/series/${created.id}`,
      payload: { scope: "following", sessionId: third?.id, title: "Later check-in", startTime: "15:00" },
    });
    expect(response.statusCode, response.body).toBe(200);
    const split = response.json<{ id: string; description: string; rule: { end: unknown } }>();
    expect(split.id).not.toBe(created.id);
    expect(split.rule.end).toEqual({ kind: "count", count: 4 });

    const old = await sessionsOf(created.id);
    expect(old.map((s) => s.id)).toEqual(before.slice(0, 2).map((s) => s.id));
    expect(old.map((s) => s.title)).toEqual(["Weekly check-in", "Weekly check-in"]);
    const [oldRow] = await t.database.db.select().from(series).where(eq(series.id, created.id));
    expect(oldRow).toMatchObject({ status: "ended", rule: { end: { kind: "until", date: Temporal.PlainDate.from(wallClock(third?.startsAt ?? new Date(0), "Europe/London").slice(0, 10)).subtract({ days: 1 }).toString() } } });

    const moved = await sessionsOf(split.id);
    expect(moved.slice(0, 2).map((s) => s.id)).toEqual([third?.id, fourth?.id]);
    expect(moved.map((s) => s.occurrenceIndex)).toEqual(moved.map((_, i) => i));
    expect(moved[0]).toMatchObject({ title: "Later check-in", seriesException: false });
    expect(wallClock(moved[0]?.startsAt ?? new Date(0), "Europe/London").slice(11)).toBe("15:00");
    // The session edited on its own keeps its own time and title.
    expect(moved[1]).toMatchObject({ title: "Weekly check-in", seriesException: true, startsAt: fourth?.startsAt });
    await setHorizon(a.orgId, 14);
  });

  it("cancels this and the following sessions, or the whole series; past and earlier sessions stay", async () => {
    const following = await create(licensed, { rule: { frequency: "daily", interval: 1, end: { kind: "never" } } });
    const days = await sessionsOf(following.id);
    const from = days[3];
    const response = await licensed.request({ method: "POST", url: `/api/series/${following.id}/cancel`, payload: { scope: "following", sessionId: from?.id } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: "ended", nextSessions: days.slice(0, 3).map((s) => ({ id: s.id })) });
    const after = await sessionsOf(following.id);
    expect(after.map((s) => s.status)).toEqual(days.map((_, i) => (i < 3 ? "scheduled" : "cancelled")));

    const whole = await create(licensed, { rule: { frequency: "daily", interval: 1, end: { kind: "never" } } });
    const cancelled = await licensed.request({ method: "POST", url: `/api/series/${whole.id}/cancel`, payload: { scope: "series" } });
    expect(cancelled.statusCode).toBe(200);
    expect((await sessionsOf(whole.id)).every((s) => s.status === "cancelled")).toBe(true);
    // An ended series is not materialised again and cannot be edited.
    await setHorizon(a.orgId, 60);
    await materializeDueSeries(t.database.db, new Date());
    expect((await sessionsOf(whole.id)).length).toBe(days.length);
    await setHorizon(a.orgId, 14);
    const edit = await licensed.request({ method: "PATCH", url: `/api/series/${whole.id}`, payload: { scope: "series", title: "Again" } });
    expect(edit.statusCode).toBe(409);
    expect(edit.json()).toMatchObject({ code: "SERIES_ENDED" });
  });

  describe("refuses bad input with a sentence and writes nothing", () => {
    const monday = () => dateAhead(1, "UTC", 1);
    const cases: Array<[string, () => Record<string, unknown>, number, string]> = [
      ["a weekly rule with no weekdays", () => ({ rule: weekly([]) }), 400, "SERIES_NO_WEEKDAYS"],
      ["an interval of 0", () => ({ rule: { ...weekly([1]), interval: 0 } }), 400, "SERIES_INTERVAL_INVALID"],
      ["an end before the start", () => ({ rule: weekly([1], { kind: "until", date: "2020-01-01" }), firstStart: { date: monday(), time: "09:00" } }), 400, "SERIES_END_BEFORE_START"],
      ["a count of 100,000", () => ({ rule: weekly([1], { kind: "count", count: 100_000 }) }), 400, "SERIES_COUNT_TOO_LARGE"],
      ["a time zone that does not exist", () => ({ timeZone: "Mars/Olympus_Mons" }), 400, "SERIES_TIME_ZONE_UNKNOWN"],
      ["a first start decades away", () => ({ firstStart: { date: "2090-01-02", time: "09:00" } }), 400, "SESSION_START_OUT_OF_RANGE"],
      ["a malformed date", () => ({ firstStart: { date: "next monday", time: "09:00" } }), 400, "VALIDATION_FAILED"],
      ["a host of another organization", () => ({ hostId: b.licensed.id }), 403, "AUTH_FORBIDDEN"],
    ];
    for (const [name, overrides, status, code] of cases) {
      it(name, async () => {
        const before = await counts();
        const response = await licensed.request({ method: "POST", url: "/api/series", payload: draft(overrides()) });
        expect(response.statusCode, response.body).toBe(status);
        expect(response.json()).toMatchObject({ code, message: expect.stringMatching(/\.$/) });
        expect(await counts()).toEqual(before);
      });
    }

    it("a bad edit of an existing series", async () => {
      const created = await create(licensed);
      const someSession = (await sessionsOf(created.id))[1];
      const before = await counts();
      for (const [payload, code] of [
        [{ scope: "series", rule: weekly([]) }, "SERIES_NO_WEEKDAYS"],
        [{ scope: "series", timeZone: "Nowhere/Else" }, "SERIES_TIME_ZONE_UNKNOWN"],
        [{ scope: "following", sessionId: someSession?.id, rule: { ...weekly([1]), interval: 0 } }, "SERIES_INTERVAL_INVALID"],
        [{ scope: "following", sessionId: created.id }, "SERIES_SESSION_MISMATCH"],
        [{ scope: "series", hostId: a.unlicensed.id }, "SESSION_HOST_NOT_LICENSED"],
        [{ scope: "sometimes" }, "VALIDATION_FAILED"],
      ] as const) {
        const response = await licensed.request({ method: "PATCH", url: `/api/series/${created.id}`, payload });
        expect(response.statusCode, `${code}: ${response.body}`).toBe(code === "SESSION_HOST_NOT_LICENSED" ? 403 : 400);
      }
      expect(await counts()).toEqual(before);
    });
  });

  it("follows the session rules for who may see and change a series", async () => {
    const created = await create(admin, { hostId: a.admin.id });
    expect((await scheduler.request({ method: "GET", url: `/api/series/${created.id}` })).statusCode).toBe(200);
    expect((await licensed.request({ method: "GET", url: `/api/series/${created.id}` })).statusCode).toBe(404);
    expect((await licensed.request({ method: "PATCH", url: `/api/series/${created.id}`, payload: { scope: "series", title: "Mine" } })).statusCode).toBe(403);
    expect((await otherAdmin.request({ method: "GET", url: `/api/series/${created.id}` })).statusCode).toBe(404);
    expect((await otherAdmin.request({ method: "POST", url: `/api/series/${created.id}/cancel`, payload: { scope: "series" } })).statusCode).toBe(404);
    expect((await unlicensed.request({ method: "POST", url: "/api/series", payload: draft({ hostId: a.unlicensed.id }) })).statusCode).toBe(403);
    const forHost = await scheduler.request({ method: "POST", url: "/api/series", payload: draft() });
    expect(forHost.statusCode).toBe(201);

    const listed = (await licensed.request({ method: "GET", url: "/api/series" })).json<{ series: Array<{ id: string; host: { id: string } }> }>();
    expect(listed.series.map((s) => s.host.id)).not.toContain(a.admin.id);
    expect(listed.series.map((s) => s.id)).toContain(forHost.json<{ id: string }>().id);
    const others = (await otherAdmin.request({ method: "GET", url: "/api/series" })).json<{ series: unknown[] }>();
    expect(others.series).toEqual([]);
  });

  it("lists the occurrences no session stands for yet, computed for a window", async () => {
    const created = await create(licensed, { rule: weekly([3]), firstStart: { date: dateAhead(1, "Europe/London", 3), time: "09:00" } });
    const made = await sessionsOf(created.id);
    const from = new Date().toISOString();
    const to = new Date(Date.now() + 60 * DAY_MS).toISOString();
    const response = await licensed.request({ method: "GET", url: `/api/series/occurrences?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}` });
    expect(response.statusCode, response.body).toBe(200);
    const mine = response
      .json<{ occurrences: Array<{ seriesId: string; occurrenceIndex: number; startsAt: string; title: string }> }>()
      .occurrences.filter((o) => o.seriesId === created.id);
    expect(mine.length).toBeGreaterThanOrEqual(6);
    expect(mine[0]).toMatchObject({ occurrenceIndex: made.length, title: "Weekly check-in" });
    expect(mine.every((o) => Date.parse(o.startsAt) > Math.max(...made.map((s) => s.startsAt.getTime())))).toBe(true);

    const others = (await otherAdmin.request({ method: "GET", url: `/api/series/occurrences?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}` })).json();
    expect(others).toEqual({ occurrences: [] });
    const tooLong = await licensed.request({ method: "GET", url: `/api/series/occurrences?from=${encodeURIComponent(from)}&to=2030-01-01T00:00:00Z` });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toMatchObject({ code: "SERIES_WINDOW_INVALID" });
  });
});
