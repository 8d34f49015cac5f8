/**
 * The demo organization a fresh installation starts with: Demo Clinic, three users with the
 * password `demo1234`, about twenty sessions over the next two weeks, and a weekly series.
 * Only ever seeds an empty database; times are relative to `now`.
 */
import { eq, sql } from "drizzle-orm";
import { Temporal } from "temporal-polyfill";
import type { Participant, UserId } from "../../domain/types.ts";
import type { Db, Tx } from "../db.ts";
import { markSessionsDirty } from "../mirror/markSessionsDirty.ts";
import { randomToken } from "../randomToken.ts";
import { organizations, orgOptions, series, sessionShares, userRoles, users } from "../schema.ts";
import { DEFAULT_HORIZON_DAYS, materializeUntil } from "../series/horizon.ts";
import { materializeSeries } from "../series/materializeSeries.ts";
import { loadSeries } from "../series/seriesRecord.ts";
import { insertSeries } from "../series/writeSeries.ts";
import { insertSession } from "../sessions/insertSession.ts";
import { hashPassword } from "../users/passwords.ts";

export const DEMO_PASSWORD = "demo1234";

export const DEMO_USERS = {
  iam: { name: "Iam Demo", email: "iam.demo@demo.test", licensed: true, roles: ["account_admin"], timeZone: "America/New_York" },
  dana: { name: "Dana Host", email: "dana.host@demo.test", licensed: true, roles: [], timeZone: "America/Chicago" },
  sam: { name: "Sam Scheduler", email: "sam.scheduler@demo.test", licensed: false, roles: ["scheduler"], timeZone: "America/Los_Angeles" },
} as const;
type DemoUser = keyof typeof DEMO_USERS;

interface DemoSession {
  title: string;
  host: DemoUser;
  createdBy: DemoUser;
  /** Whole days and hours after the first quarter hour from now. */
  day: number;
  hour: number;
  durationMin: number;
  timeZone: string;
  participants: Participant[];
  sharedWith?: DemoUser;
  cancelled?: boolean;
}

const person = (name: string, email: string | null = null, phone: string | null = null): Participant => ({ name, email, phone });

const SESSIONS: readonly DemoSession[] = [
  { title: "Intake consultation", host: "iam", createdBy: "iam", day: 0, hour: 1, durationMin: 45, timeZone: "America/New_York", participants: [person("Avery Stone", "avery.stone@example.test")] },
  { title: "Follow-up visit", host: "dana", createdBy: "iam", day: 0, hour: 3, durationMin: 30, timeZone: "America/Chicago", participants: [person("Blake Rivers", null, "+1 555 0101")] },
  { title: "Medication review", host: "iam", createdBy: "iam", day: 1, hour: 2, durationMin: 30, timeZone: "Europe/London", participants: [person("Casey Moor", "casey.moor@example.test", "+44 555 0102")] },
  { title: "Physiotherapy check-in", host: "dana", createdBy: "dana", day: 1, hour: 5, durationMin: 45, timeZone: "America/Chicago", participants: [person("Drew Fields")], sharedWith: "iam" },
  { title: "Nutrition counselling", host: "iam", createdBy: "sam", day: 2, hour: 1, durationMin: 60, timeZone: "Asia/Kolkata", participants: [person("Eshan Varma", "eshan.varma@example.test")] },
  { title: "Care plan review", host: "dana", createdBy: "sam", day: 2, hour: 4, durationMin: 30, timeZone: "America/Los_Angeles", participants: [person("Finley Brooks", null, "+1 555 0103")] },
  { title: "Therapy session", host: "iam", createdBy: "iam", day: 3, hour: 2, durationMin: 50, timeZone: "America/Detroit", participants: [person("Gray Holloway", "gray.holloway@example.test")] },
  { title: "Post-surgery check", host: "dana", createdBy: "iam", day: 4, hour: 1, durationMin: 20, timeZone: "America/Chicago", participants: [person("Harper Lane", "harper.lane@example.test", "+1 555 0104")] },
  { title: "Sleep clinic consult", host: "iam", createdBy: "iam", day: 4, hour: 6, durationMin: 40, timeZone: "America/Los_Angeles", participants: [person("Indigo Park")], cancelled: true },
  { title: "Family meeting", host: "iam", createdBy: "iam", day: 5, hour: 3, durationMin: 60, timeZone: "America/New_York", participants: [person("Jordan Reyes", "jordan.reyes@example.test"), person("Kai Reyes", null, "+1 555 0105")] },
  { title: "Lab results discussion", host: "dana", createdBy: "dana", day: 6, hour: 2, durationMin: 30, timeZone: "Europe/London", participants: [person("Logan Ashby", "logan.ashby@example.test")], sharedWith: "iam" },
  { title: "Dermatology follow-up", host: "iam", createdBy: "sam", day: 7, hour: 1, durationMin: 20, timeZone: "America/Chicago", participants: [person("Morgan Ellis", null, "+1 555 0106")] },
  { title: "Wellness check", host: "dana", createdBy: "iam", day: 8, hour: 4, durationMin: 30, timeZone: "America/Detroit", participants: [person("Noor Haddad", "noor.haddad@example.test")] },
  { title: "Cardiology follow-up", host: "iam", createdBy: "iam", day: 8, hour: 7, durationMin: 45, timeZone: "Asia/Kolkata", participants: [person("Omar Qureshi", "omar.qureshi@example.test", "+91 555 0107")] },
  { title: "Speech therapy", host: "dana", createdBy: "dana", day: 9, hour: 2, durationMin: 45, timeZone: "America/Los_Angeles", participants: [person("Parker Quinn")], sharedWith: "iam" },
  { title: "Diabetes education", host: "iam", createdBy: "iam", day: 10, hour: 3, durationMin: 60, timeZone: "Europe/London", participants: [person("Quinn Avery", "quinn.avery@example.test")] },
  { title: "Pain management review", host: "dana", createdBy: "sam", day: 11, hour: 1, durationMin: 30, timeZone: "America/New_York", participants: [person("Riley Shaw", null, "+1 555 0108")] },
  { title: "Prenatal check-in", host: "iam", createdBy: "iam", day: 12, hour: 2, durationMin: 30, timeZone: "America/Chicago", participants: [person("Sage Turner", "sage.turner@example.test")] },
  { title: "Mental health follow-up", host: "iam", createdBy: "iam", day: 13, hour: 1, durationMin: 50, timeZone: "America/Detroit", participants: [person("Taylor Brennan", "taylor.brennan@example.test")] },
  { title: "Discharge planning", host: "dana", createdBy: "dana", day: 13, hour: 5, durationMin: 30, timeZone: "Asia/Kolkata", participants: [person("Uma Raman", null, "+91 555 0109")] },
];

const QUARTER_HOUR_MS = 15 * 60_000;
/** Serialises concurrent first starts of several processes, so only one seeds. */
const SEED_LOCK_KEY = 7_204_512;

/** Seeds the demo organization when the database has no organization; says whether it did. */
export async function seedDemo(db: Db, options: { now: Date }): Promise<boolean> {
  const base = Math.ceil(options.now.getTime() / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  const entries = Object.entries(DEMO_USERS) as [DemoUser, (typeof DEMO_USERS)[DemoUser]][];
  // Hashed before the transaction: it should hold its lock only for the inserts.
  const accounts = await Promise.all(
    entries.map(async ([key, user]) => ({ key, user, passwordHash: await hashPassword(DEMO_PASSWORD) })),
  );
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const [existing] = await tx.select({ id: organizations.id }).from(organizations).limit(1);
    if (existing !== undefined) return false;

    const [org] = await tx
      .insert(organizations)
      .values({ name: "Demo Clinic", logoText: "Demo Clinic", primaryColor: "#0b6e4f", secondaryColor: "#c9a227" })
      .returning({ id: organizations.id });
    if (org === undefined) throw new Error("inserting the demo organization returned no row");
    await tx.insert(orgOptions).values({ orgId: org.id });

    const ids = {} as Record<DemoUser, UserId>;
    for (const { key, user, passwordHash } of accounts) {
      const [row] = await tx
        .insert(users)
        .values({ orgId: org.id, name: user.name, email: user.email, passwordHash, licensed: user.licensed, timeZone: user.timeZone })
        .returning({ id: users.id });
      if (row === undefined) throw new Error("inserting a demo user returned no row");
      ids[key] = row.id as UserId;
      if (user.roles.length > 0) await tx.insert(userRoles).values(user.roles.map((role) => ({ userId: row.id, role })));
    }

    const sessionIds = await insertDemoSessions(tx, org.id, ids, base);
    await markSessionsDirty(tx, sessionIds);
    await insertDemoSeries(tx, org.id, ids.iam, options.now);
    return true;
  });
}

/**
 * A weekly series hosted by Iam Demo, so the calendar shows recurring sessions scheduled to
 * be created (S-CAL-3) from the first start: twelve Tuesdays at 10:00 New York time, from
 * the Tuesday after `now`. Its first weeks are materialised like any new series.
 */
async function insertDemoSeries(tx: Tx, orgId: string, hostId: UserId, now: Date): Promise<void> {
  const timeZone = "America/New_York";
  const today = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone).toPlainDate();
  const firstTuesday = today.add({ days: ((2 - today.dayOfWeek + 7) % 7) || 7 });
  const seriesId = await insertSeries(tx, orgId, hostId, {
    hostId,
    title: "Weekly therapy – Robin Fictional",
    notes: null,
    participants: [person("Robin Fictional", "robin@example.test")],
    schedule: {
      rule: { frequency: "weekly", interval: 1, weekdays: [2], end: { kind: "count", count: 12 } },
      firstStart: { date: firstTuesday.toString(), time: "10:00" },
      timeZone,
      durationMin: 50,
    },
    occurrenceIndexBase: 0,
  });
  const records = await loadSeries(tx, orgId, eq(series.id, seriesId));
  await materializeSeries(tx, records, materializeUntil(now, DEFAULT_HORIZON_DAYS));
}

async function insertDemoSessions(tx: Tx, orgId: string, ids: Record<DemoUser, string>, baseMs: number): Promise<string[]> {
  const sessionIds: string[] = [];
  for (const session of SESSIONS) {
    const id = await insertSession(tx, {
      orgId,
      hostId: ids[session.host],
      createdBy: ids[session.createdBy],
      title: session.title,
      startsAt: new Date(baseMs + (session.day * 24 + session.hour) * 60 * 60_000),
      durationMin: session.durationMin,
      timeZone: session.timeZone,
      notes: null,
      hostJoinToken: randomToken(),
      participantJoinToken: randomToken(),
      participants: session.participants,
      status: session.cancelled === true ? "cancelled" : "scheduled",
    });
    if (session.sharedWith !== undefined) await tx.insert(sessionShares).values({ sessionId: id, userId: ids[session.sharedWith] });
    sessionIds.push(id);
  }
  return sessionIds;
}
