import { describe, expect, it } from "vitest";
import { compareMailbox, type HeldEvent } from "../../../src/cli/chaos/compare.ts";

const at = (hour: number) => new Date(Date.UTC(2026, 11, 1, hour));
const desired = [{ sessionId: "s1", startsAt: at(9), endsAt: at(10) }];
const ours = (id: string, sessionId: string, start = 9, subject = "Video session"): HeldEvent => ({
  id,
  subject,
  startsAt: at(start),
  endsAt: at(start + 1),
  sessionId,
});
const foreign = [{ id: "f1", subject: "Dentist", startsAt: at(12), endsAt: at(13) }];
const foreignHeld: HeldEvent = { ...foreign[0]!, sessionId: null };
const expectedSubject = "Video session";

describe("compareMailbox", () => {
  const table: Array<[string, HeldEvent[], Partial<Record<string, number>>]> = [
    ["exactly right", [ours("e1", "s1"), foreignHeld], {}],
    ["missing event", [foreignHeld], { missing: 1 }],
    ["duplicate event", [ours("e1", "s1"), ours("e2", "s1"), foreignHeld], { duplicates: 1 }],
    ["orphan of a cancelled session", [ours("e1", "s1"), ours("e9", "gone"), foreignHeld], { orphans: 1 }],
    ["stale time", [ours("e1", "s1", 11), foreignHeld], { stale: 1 }],
    ["stale subject", [ours("e1", "s1", 9, "Jane Doe"), foreignHeld], { stale: 1 }],
    ["foreign event deleted", [ours("e1", "s1")], { foreignTouched: 1 }],
    ["foreign event moved", [ours("e1", "s1"), { ...foreignHeld, startsAt: at(14) }], { foreignTouched: 1 }],
  ];
  it.each(table)("%s", (_name, held, expected) => {
    const verdict = compareMailbox({ desired, held, foreign, expectedSubject });
    expect(verdict).toEqual({ missing: 0, duplicates: 0, orphans: 0, stale: 0, foreignTouched: 0, ...expected });
  });
});
