/**
 * The calendar page's API against a real database (S-CAL-3, S-CAL-5): bad ranges refused in
 * words, sessions, planned series occurrences and cached Outlook events in one answer with
 * nothing shown twice, nothing of another organization or another user's Outlook, and
 * Refresh marking a read due only for an active link.
 */
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CalendarSchema, type CalendarView } from "../../../src/server/calendarContract.ts";
import { queryRows } from "../../../src/store/db.ts";
import { calendarLinks, externalEvents, mirrorItems, orgOptions, sessions } from "../../../src/store/schema.ts";
import { insertSession } from "../../../src/store/sessions/insertSession.ts";
import { signIn, startTestApp, type Client, type TestApp } from "../../support/app.ts";
import { createTwoOrganizations, type OrgFixture } from "../../support/fixtures.ts";

const DAY_MS = 86_400_000;
/** A day boundary, so the series' daily 09:00 UTC sessions fall inside whole-day ranges. */
const TODAY = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
const day = (days: number, hour = 0) => new Date(TODAY.getTime() + days * DAY_MS + hour * 3_600_000);
/** A month view's range: the first 30 days from tomorrow. */
const MONTH = { from: day(1).toISOString(), to: day(31).toISOString() };

describe("the calendar API", () => {
  let t: TestApp;
  let a: OrgFixture;
  let b: OrgFixture;
  let licensed: Client;
  let admin: Client;
  let otherLicensed: Client;
  let linkA: string;
  let linkB: string;
  let mirroredSession: string;

  beforeAll(async () => {
    t = await startTestApp();
    [a, b] = await createTwoOrganizations(t.database.db);
    [licensed, admin, otherLicensed] = await Promise.all([signIn(t.app, a.licensed.email), signIn(t.app, a.admin.email), signIn(t.app, b.licensed.email)]);

    // Each organization: a daily series (sessions for the horizon, then planned occurrences),
    // a single session, a cancelled one, and a link with cached Outlook events.
    for (const [org, client, label] of [[a, licensed, "A"], [b, otherLicensed, "B"]] as const) {
      const series = await client.request({
        method: "POST",
        url: "/api/series",
        payload: {
          title: `Daily check-in ${label}`,
          hostId: org.licensed.id,
          durationMin: 30,
          timeZone: "UTC",
          participants: [],
          rule: { frequency: "daily", interval: 1, end: { kind: "never" } },
          firstStart: { date: day(1).toISOString().slice(0, 10), time: "09:00" },
        },
      });
      expect(series.statusCode, series.body).toBe(201);
    }
    const single = await session(a, "Intake A", day(3, 14));
    const cancelled = await session(a, "Cancelled A", day(4, 14), "cancelled");
    await session(b, "Intake B", day(3, 14));
    mirroredSession = single;

    linkA = await link(a, "licensed.a@outlook.test");
    linkB = await link(b, "licensed.b@outlook.test");
    await t.database.db.insert(externalEvents).values([
      outlookEvent(linkA, "dentist-a", "Dentist A", day(2, 10)),
      // The mirrored session's own event, cached by a read that raced the push: never shown.
      outlookEvent(linkA, "mirrored-a", "Intake A", day(3, 14)),
      outlookEvent(linkA, "far-a", "Far away A", day(90, 10)),
      outlookEvent(linkB, "dentist-b", "Dentist B", day(2, 10)),
    ]);
    await t.database.db.insert(mirrorItems).values([
      { linkId: linkA, sessionId: mirroredSession, remoteEventId: "mirrored-a", dirty: false },
      // Not in Outlook yet: an item without an event id must not hide every Outlook event.
      { linkId: linkA, sessionId: cancelled, remoteEventId: null, dirty: true },
    ]);
  });
  afterAll(async () => t?.close());

  async function session(org: OrgFixture, title: string, startsAt: Date, status: "scheduled" | "cancelled" = "scheduled"): Promise<string> {
    const id = await t.database.db.transaction((tx) =>
      insertSession(tx, {
        orgId: org.orgId,
        hostId: org.licensed.id,
        createdBy: org.licensed.id,
        title,
        startsAt,
        durationMin: 60,
        timeZone: "UTC",
        notes: null,
        hostJoinToken: randomBytes(16).toString("hex"),
        participantJoinToken: randomBytes(16).toString("hex"),
        participants: [],
      }),
    );
    if (status === "cancelled") await t.database.db.update(sessions).set({ status }).where(eq(sessions.id, id));
    return id;
  }

  async function link(org: OrgFixture, mailbox: string): Promise<string> {
    await t.database.db.update(orgOptions).set({ integrationEnabled: true }).where(eq(orgOptions.orgId, org.orgId));
    const [row] = await t.database.db
      .insert(calendarLinks)
      .values({ orgId: org.orgId, userId: org.licensed.id, mailboxId: `id-${mailbox}`, mailboxAddress: mailbox, lastReadAt: new Date(), nextReadAt: day(1) })
      .returning({ id: calendarLinks.id });
    return row!.id;
  }

  function outlookEvent(linkId: string, remoteEventId: string, subject: string, startsAt: Date) {
    return { linkId, remoteEventId, subject, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), webLink: `https://outlook.test/owa/?itemid=${remoteEventId}` };
  }

  async function calendar(client: Client, range: { from: string; to: string } = MONTH): Promise<CalendarView> {
    const response = await client.request({ method: "GET", url: `/api/calendar?${new URLSearchParams(range).toString()}` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    // The answer is joined from text the database wrote: it must still be the schema's JSON.
    return CalendarSchema.parse(response.json());
  }

  async function nextReadAt(linkId: string): Promise<Date> {
    const [row] = await t.database.db.select({ nextReadAt: calendarLinks.nextReadAt }).from(calendarLinks).where(eq(calendarLinks.id, linkId));
    return row!.nextReadAt;
  }

  describe("refuses a range it cannot show, in words", () => {
    const cases: Array<[what: string, query: string, field: string]> = [
      ["an end before the start", `from=${day(5).toISOString()}&to=${day(4).toISOString()}`, "to"],
      ["an empty range", `from=${day(5).toISOString()}&to=${day(5).toISOString()}`, "to"],
      ["more than 62 days", `from=${day(0).toISOString()}&to=${day(63).toISOString()}`, "to"],
      ["a date that is not a date", `from=yesterday&to=${day(4).toISOString()}`, "from"],
      ["a date without a time", `from=2026-12-01&to=2026-12-31`, "from"],
      ["a missing end", `from=${day(0).toISOString()}`, "to"],
      ["an unknown parameter", `from=${day(0).toISOString()}&to=${day(1).toISOString()}&user=${"x"}`, "user"],
    ];
    it.each(cases)("%s", async (_what, query, field) => {
      const response = await licensed.request({ method: "GET", url: `/api/calendar?${query}` });
      expect(response.statusCode, response.body).toBe(400);
      const body = response.json<{ code: string; message: string; fields?: Record<string, string> }>();
      expect(body.code).toBe("VALIDATION_FAILED");
      expect(body.message).toMatch(/^[A-Z].+\.$/);
      expect(Object.keys(body.fields ?? {})).toContain(field);
    });

    it("accepts exactly 62 days", async () => {
      await calendar(licensed, { from: day(0).toISOString(), to: day(62).toISOString() });
    });
  });

  it("answers sessions, planned occurrences and Outlook events together, each once", async () => {
    const view = await calendar(licensed);
    const ofKind = (kind: string) => view.items.filter((item) => item.kind === kind);
    const sessionTitles = ofKind("session").map((item) => item.title);
    expect(sessionTitles).toContain("Intake A");
    expect(sessionTitles).not.toContain("Cancelled A");
    expect(ofKind("session").find((item) => item.title === "Intake A")).toEqual({ kind: "session", id: mirroredSession, title: "Intake A", start: day(3, 14).toISOString(), end: day(3, 15).toISOString() });
    // The daily series: materialised days are sessions, the rest planned; no day is both, none is missing.
    const seriesStarts = [...ofKind("session"), ...ofKind("planned")].filter((item) => item.title === "Daily check-in A").map((item) => item.start);
    expect(ofKind("session").some((item) => item.title === "Daily check-in A")).toBe(true);
    expect(ofKind("planned").length).toBeGreaterThan(0);
    expect(new Set(seriesStarts).size).toBe(seriesStarts.length);
    expect(seriesStarts.sort()).toEqual(Array.from({ length: 30 }, (_, i) => day(1 + i, 9).toISOString()));
    // Outlook: the dentist, not the event the product mirrored, not an event outside the range.
    expect(ofKind("outlook")).toEqual([
      { kind: "outlook", id: "dentist-a", title: "Dentist A", start: day(2, 10).toISOString(), end: day(2, 11).toISOString(), allDay: false, webLink: "https://outlook.test/owa/?itemid=dentist-a" },
    ]);
    expect(new Set(view.items.map((item) => `${item.kind}:${item.id}`)).size).toBe(view.items.length);
    expect(view.outlook).toMatchObject({ state: "active", error: null });
    expect(view.outlook?.lastRefreshedAt).not.toBeNull();
  });

  it("answers a busy month whole and in order, across the pieces the database sends it in", async () => {
    // 450 sessions and 450 Outlook events, hours apart, starting 200 days out: more than two pieces of each.
    const first = day(200);
    await queryRows(
      t.database.db,
      sql`insert into sessions (org_id, host_id, created_by, title, starts_at, duration_min, time_zone, host_join_token, participant_join_token)
          select ${a.orgId}, ${a.licensed.id}, ${a.licensed.id}, 'Busy ' || n, ${first.toISOString()}::timestamptz + n * interval '97 minutes', 30, 'UTC',
                 md5('h' || n || random()), md5('p' || n || random())
            from generate_series(0, 449) as n`,
    );
    await t.database.db.insert(externalEvents).values(Array.from({ length: 450 }, (_, n) => outlookEvent(linkA, `busy-${n}`, `Busy Outlook ${n}`, new Date(first.getTime() + n * 89 * 60_000))));
    const view = await calendar(licensed, { from: first.toISOString(), to: day(260).toISOString() });
    const busy = (kind: string) => view.items.filter((item) => item.kind === kind && item.title.startsWith("Busy"));
    expect(busy("session").map((item) => item.title)).toEqual(Array.from({ length: 450 }, (_, n) => `Busy ${n}`));
    expect(busy("session")[449]).toMatchObject({ start: new Date(first.getTime() + 449 * 97 * 60_000).toISOString() });
    expect(busy("outlook").map((item) => item.id)).toEqual(Array.from({ length: 450 }, (_, n) => `busy-${n}`));
    expect(busy("outlook")[449]).toMatchObject({ end: new Date(first.getTime() + 449 * 89 * 60_000 + 3_600_000).toISOString() });
    expect(view.outlook).toMatchObject({ state: "active" });
  });

  describe("writes every item exactly as it is stored, whatever its text holds", () => {
    const texts: Array<[what: string, text: string]> = [
      ["quotes and backslashes", 'He said "hi" \\ then left \\"'],
      ["line breaks, tabs and control characters", "line one\nline two\r\n\ttabbed \u0001\u001f end"],
      ["markup", '</script><img src=x onerror="alert(1)">&amp;'],
      ["letters beyond ASCII", "Zoë — 診察 🩺 \u2028\u2029"],
    ];
    it.each(texts)("%s", async (_what, text) => {
      const at = day(20, 9);
      const id = await session(a, text, at);
      const remoteEventId = `odd-${randomBytes(4).toString("hex")}-"\\`;
      await t.database.db.insert(externalEvents).values({ ...outlookEvent(linkA, remoteEventId, text, at), webLink: null, isAllDay: true });
      const view = await calendar(licensed, { from: day(20).toISOString(), to: day(21).toISOString() });
      expect(view.items).toContainEqual({ kind: "session", id, title: text, start: at.toISOString(), end: day(20, 10).toISOString() });
      expect(view.items).toContainEqual({ kind: "outlook", id: remoteEventId, title: text, start: at.toISOString(), end: day(20, 10).toISOString(), allDay: true, webLink: null });
      await t.database.db.delete(sessions).where(eq(sessions.id, id));
      await t.database.db.delete(externalEvents).where(eq(externalEvents.remoteEventId, remoteEventId));
    });

    it("instants to the millisecond, as toISOString writes them", async () => {
      const startsAt = new Date(day(21, 9).getTime() + 59_999);
      const endsAt = new Date(startsAt.getTime() + 1);
      await t.database.db.insert(externalEvents).values({ ...outlookEvent(linkA, "to-the-ms", "Short", startsAt), endsAt });
      const view = await calendar(licensed, { from: day(21).toISOString(), to: day(22).toISOString() });
      expect(view.items.find((item) => item.id === "to-the-ms")).toMatchObject({ start: startsAt.toISOString(), end: endsAt.toISOString() });
      await t.database.db.delete(externalEvents).where(eq(externalEvents.remoteEventId, "to-the-ms"));
    });

    it("a session changed afterwards shows its new title and times", async () => {
      const id = await session(a, "Before", day(22, 9));
      await t.database.db.update(sessions).set({ title: "After", startsAt: day(22, 11), durationMin: 15 }).where(eq(sessions.id, id));
      const view = await calendar(licensed, { from: day(22).toISOString(), to: day(23).toISOString() });
      expect(view.items).toContainEqual({ kind: "session", id, title: "After", start: day(22, 11).toISOString(), end: new Date(day(22, 11).getTime() + 15 * 60_000).toISOString() });
      await t.database.db.delete(sessions).where(eq(sessions.id, id));
    });
  });

  it("never shows another organization's sessions, series or Outlook events", async () => {
    const titles = (await calendar(licensed)).items.map((item) => item.title);
    expect(titles.filter((title) => title.endsWith(" B"))).toEqual([]);
    const theirs = (await calendar(otherLicensed)).items.map((item) => item.title);
    expect(new Set(theirs)).toEqual(new Set(["Daily check-in B", "Intake B", "Dentist B"]));
  });

  it("shows no Outlook events to a user without a link, even of their own organization", async () => {
    const view = await calendar(admin);
    expect(view.outlook).toBeNull();
    expect(view.items.filter((item) => item.kind === "outlook")).toEqual([]);
  });

  it("looking at the calendar brings the organization's reads closer, and no other's", async () => {
    await t.database.db.update(calendarLinks).set({ nextReadAt: day(1) });
    await calendar(admin);
    const soon = Date.now() + t.config.env.OUTLOOK_READ_ACTIVE_SEC * 1000;
    expect((await nextReadAt(linkA)).getTime()).toBeLessThanOrEqual(soon);
    expect((await nextReadAt(linkB)).getTime()).toBe(day(1).getTime());
  });

  it("Refresh marks the viewer's read due now (202), and no one else's", async () => {
    await t.database.db.update(calendarLinks).set({ nextReadAt: day(1) });
    const response = await licensed.request({ method: "POST", url: "/api/calendar/refresh" });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json()).toMatchObject({ state: "active", error: null });
    const [clock] = await queryRows<{ now: string | Date }>(t.database.db, sql`select now() as now`);
    expect((await nextReadAt(linkA)).getTime()).toBeLessThanOrEqual(new Date(clock!.now).getTime());
    expect((await nextReadAt(linkB)).getTime()).toBe(day(1).getTime());
  });

  it("Refresh without a link is a 404 in words; with one being unlinked too", async () => {
    const none = await admin.request({ method: "POST", url: "/api/calendar/refresh" });
    expect(none.statusCode).toBe(404);
    expect(none.json<{ message: string }>().message).toMatch(/no linked Outlook calendar/);

    await t.database.db.update(calendarLinks).set({ state: "unlinking", nextReadAt: day(1) }).where(eq(calendarLinks.id, linkA));
    try {
      const unlinking = await licensed.request({ method: "POST", url: "/api/calendar/refresh" });
      expect(unlinking.statusCode).toBe(404);
      expect((await nextReadAt(linkA)).getTime()).toBe(day(1).getTime());
    } finally {
      await t.database.db.update(calendarLinks).set({ state: "active" }).where(eq(calendarLinks.id, linkA));
    }
  });

  it("Refresh of a link that stopped working asks for Relink (409), and changes nothing", async () => {
    await t.database.db.update(calendarLinks).set({ state: "needs_relink", nextReadAt: day(1) }).where(eq(calendarLinks.id, linkA));
    try {
      const broken = await licensed.request({ method: "POST", url: "/api/calendar/refresh" });
      expect(broken.statusCode).toBe(409);
      expect(broken.json()).toMatchObject({ code: "LINK_NEEDS_RELINK", message: expect.stringMatching(/Relink/) });
      expect((await nextReadAt(linkA)).getTime()).toBe(day(1).getTime());
    } finally {
      await t.database.db.update(calendarLinks).set({ state: "active" }).where(eq(calendarLinks.id, linkA));
    }
  });

  it("needs a signed-in user", async () => {
    const response = await t.app.inject({ method: "GET", url: `/api/calendar?${new URLSearchParams(MONTH).toString()}` });
    expect(response.statusCode).toBe(401);
  });
});
