import { describe, expect, it } from "vitest";
import { syncStatus, type SyncFacts } from "../../../src/domain/syncStatus.ts";

describe("syncStatus", () => {
  it.each<[string, SyncFacts, string, string | null]>([
    ["no link", { linkState: null, item: null }, "not_linked", null],
    ["a link being unlinked", { linkState: "unlinking", item: { dirty: true, lastError: null } }, "not_linked", null],
    ["a link that needs relinking", { linkState: "needs_relink", item: null }, "failed", "Your Microsoft Calendar link has stopped working. Please click Relink to connect it again."],
    ["an active link without an item yet", { linkState: "active", item: null }, "pending", null],
    ["a dirty item", { linkState: "active", item: { dirty: true, lastError: null } }, "pending", null],
    ["a dirty item that failed", { linkState: "active", item: { dirty: true, lastError: "Outlook said no." } }, "failed", "Outlook said no."],
    ["a clean item", { linkState: "active", item: { dirty: false, lastError: null } }, "synced", null],
  ])("%s → %s", (_label, facts, state, message) => {
    expect(syncStatus(facts)).toEqual({ state, message });
  });
});
