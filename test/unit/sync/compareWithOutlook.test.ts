import { describe, expect, it } from "vitest";
import { compareWithOutlook } from "../../../src/sync/reconciler.ts";
import type { GraphEventId, SessionId } from "../../../src/domain/types.ts";

const s = (id: string) => id as SessionId;
const e = (id: string) => id as GraphEventId;
const item = (session: string, event: string | null, changeKey: string | null = "k1") => ({
  sessionId: s(session),
  remoteEventId: event === null ? null : e(event),
  remoteChangeKey: changeKey,
});
const remote = (event: string, session: string, changeKey = "k1") => ({ id: e(event), sessionId: s(session), changeKey });

describe("compareWithOutlook", () => {
  it("finds nothing to repair when Outlook matches our records", () => {
    const result = compareWithOutlook([item("a", "ea")], [remote("ea", "a")]);
    expect(result).toEqual({ repairs: { vanished: [], edited: [], adopted: [] }, strays: [] });
  });

  it("restores an event deleted in Outlook", () => {
    expect(compareWithOutlook([item("a", "ea")], []).repairs.vanished).toEqual(["a"]);
  });

  it("reverts an event edited in Outlook", () => {
    expect(compareWithOutlook([item("a", "ea", "k1")], [remote("ea", "a", "k2")]).repairs.edited).toEqual(["a"]);
  });

  it("adopts an event of ours whose record was lost, once", () => {
    const result = compareWithOutlook([item("a", null)], [remote("ea", "a"), remote("ea2", "a")]);
    expect(result.repairs.adopted).toEqual([{ sessionId: "a", remoteEventId: "ea" }]);
    expect(result.strays).toEqual(["ea2"]);
  });

  it("removes duplicates and events of sessions we do not mirror", () => {
    const result = compareWithOutlook([item("a", "ea")], [remote("ea", "a"), remote("dup", "a"), remote("ex", "zzz")]);
    expect(result.strays).toEqual(["dup", "ex"]);
  });
});
