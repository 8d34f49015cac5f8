import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../../src/store/demo/seedDemo.ts";
import { organizations, series, sessions, sessionShares, users } from "../../../src/store/schema.ts";
import { signIn, startTestApp, type TestApp } from "../../support/app.ts";

describe("the demo seed", () => {
  let t: TestApp;
  // The dashboard compares with the real clock, so the seed is relative to it too.
  const now = new Date();
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it("creates Demo Clinic, its three users and about twenty sessions, once", async () => {
    expect(await seedDemo(t.database.db, { now })).toBe(true);
    expect(await seedDemo(t.database.db, { now })).toBe(false);

    const orgs = await t.database.db.select().from(organizations);
    expect(orgs).toMatchObject([{ name: "Demo Clinic", logoText: "Demo Clinic" }]);
    const people = await t.database.db.select().from(users);
    expect(people.map((u) => u.email).sort()).toEqual(["dana.host@demo.test", "iam.demo@demo.test", "sam.scheduler@demo.test"]);
    expect(people.every((u) => u.passwordHash.startsWith("$argon2id$"))).toBe(true);

    const withSeries = await t.database.db.select().from(sessions);
    const all = withSeries.filter((s) => s.seriesId === null);
    expect(all.length).toBeGreaterThanOrEqual(18);
    expect(all.filter((s) => s.status === "cancelled")).toHaveLength(1);
    expect(new Set(all.map((s) => s.timeZone)).size).toBeGreaterThanOrEqual(5);
    const starts = all.map((s) => s.startsAt.getTime());
    expect(Math.min(...starts)).toBeGreaterThan(now.getTime());
    expect(Math.max(...starts)).toBeLessThan(now.getTime() + 14 * 24 * 3_600_000);
    expect(starts.every((ms) => ms % (15 * 60_000) === 0)).toBe(true);
    const shares = await t.database.db.select().from(sessionShares);
    expect(shares.length).toBeGreaterThan(0);

    // A weekly series: its first two Tuesdays are sessions already, the rest are still to be created.
    const [weekly] = await t.database.db.select().from(series);
    expect(weekly).toMatchObject({ title: "Weekly therapy – Robin Fictional", timeZone: "America/New_York", firstStartTime: "10:00" });
    const fromSeries = withSeries.filter((s) => s.seriesId === weekly?.id);
    expect(fromSeries.length).toBeGreaterThanOrEqual(1);
    expect(fromSeries.length).toBeLessThanOrEqual(3);
  });

  it("signs Iam Demo in with demo1234, as an administrator who sees Dana's sessions without hosting them", async () => {
    const iam = await signIn(t.app, "iam.demo@demo.test", "demo1234");
    const me = (await iam.request({ method: "GET", url: "/api/me" })).json();
    expect(me.user.roles).toEqual(["account_admin"]);
    expect(me.organization.branding.primaryColor).toBe("#0b6e4f");
    const dashboard = (await iam.request({ method: "GET", url: "/api/sessions" })).json().sessions as { hostedByMe: boolean; host: { name: string } }[];
    const hosted = dashboard.filter((s) => s.hostedByMe);
    const fromSeries = (await t.database.db.select().from(sessions)).filter((s) => s.seriesId !== null).length;
    expect(hosted).toHaveLength(10 + fromSeries);
    expect(dashboard.filter((s) => !s.hostedByMe).map((s) => s.host.name)).toEqual(Array(6).fill("Dana Host"));
    const sam = await signIn(t.app, "sam.scheduler@demo.test", "demo1234");
    const hosts = (await sam.request({ method: "GET", url: "/api/hosts" })).json().hosts.map((h: { name: string }) => h.name);
    expect(hosts).toEqual(["Dana Host", "Iam Demo"]);
  });
});
