import { describe, expect, it } from "vitest";
import { planMirrorItem, shouldHaveEvent, type Desired, type Recorded } from "../../../src/sync/plan.ts";
import type { SessionStatus, UserId } from "../../../src/domain/types.ts";

const want: Desired = { hash: "h2" };
const none: Desired = null;
const rec = (remoteEventId: string | null, pushedHash: string | null, createInDoubt = false): Recorded => ({
  remoteEventId,
  pushedHash,
  createInDoubt,
});

describe("planMirrorItem", () => {
  // desired, recorded, expected step
  const table: Array<[string, Desired, Recorded, string]> = [
    ["new session: create", want, rec(null, null), "create"],
    ["unchanged: nothing to do", want, rec("e1", "h2"), "none"],
    ["changed session: update", want, rec("e1", "h1"), "update"],
    ["edited in Outlook (hash forgotten): update", want, rec("e1", null), "update"],
    ["cancelled with an event: delete", none, rec("e1", "h1"), "delete"],
    ["cancelled before any event: forget", none, rec(null, null), "forget"],
    ["create in doubt: look it up first", want, rec(null, null, true), "lookup"],
    ["cancelled while a create was in doubt: look it up first", none, rec(null, null, true), "lookup"],
    ["in doubt but the event is known: update", want, rec("e1", "h1", true), "update"],
  ];
  it.each(table)("%s", (_name, desired, recorded, expected) => {
    expect(planMirrorItem(desired, recorded).kind).toBe(expected);
  });
});

describe("shouldHaveEvent", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  const host = "u1" as UserId;
  const base = {
    session: { hostId: host, status: "scheduled" as SessionStatus, startsAt: new Date("2026-12-02T09:00:00Z"), durationMin: 30, deleted: false },
    linkUserId: "u1",
    linkActive: true,
    hasEvent: false,
  };
  const past = new Date("2026-11-30T09:00:00Z");
  type Change = Partial<Omit<typeof base, "session">> & { session?: Partial<typeof base.session> };
  const table: Array<[string, Change, boolean]> = [
    ["active hosted session", {}, true],
    ["hosted by someone else", { session: { hostId: "u2" as UserId } }, false],
    ["cancelled", { session: { status: "cancelled" } }, false],
    ["deleted", { session: { deleted: true } }, false],
    ["link not active", { linkActive: false }, false],
    ["ended, no event yet: never created", { session: { startsAt: past } }, false],
    ["ended, event exists: kept", { session: { startsAt: past }, hasEvent: true }, true],
    ["completed with an event: kept", { session: { status: "completed", startsAt: past }, hasEvent: true }, true],
  ];
  it.each(table)("%s", (_name, change, expected) => {
    const facts = { ...base, ...change, session: { ...base.session, ...change.session } };
    expect(shouldHaveEvent(facts, now)).toBe(expected);
  });
});
