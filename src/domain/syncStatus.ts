/**
 * The sync state a dashboard shows for one session (S-SYNC-7), derived from the host's
 * link and the session's mirror item in that link.
 */
import { ERRORS } from "./errors.ts";
import type { LinkState } from "./types.ts";

export type SyncState = "not_linked" | "pending" | "synced" | "failed";

export interface SyncFacts {
  /** The host's calendar link, null when the host has none. */
  linkState: LinkState | null;
  /** The session's mirror item in that link, null when there is none yet. */
  item: { dirty: boolean; lastError: string | null } | null;
}

export function syncStatus(facts: SyncFacts): { state: SyncState; message: string | null } {
  if (facts.linkState === null || facts.linkState === "unlinking") return { state: "not_linked", message: null };
  if (facts.linkState === "needs_relink") return { state: "failed", message: ERRORS.LINK_NEEDS_RELINK.message };
  // An active link without an item yet: the worker creates the item on its next pass.
  if (facts.item === null) return { state: "pending", message: null };
  if (facts.item.dirty && facts.item.lastError !== null) return { state: "failed", message: facts.item.lastError };
  if (facts.item.dirty) return { state: "pending", message: null };
  return { state: "synced", message: null };
}
