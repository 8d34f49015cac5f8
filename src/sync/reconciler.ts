/**
 * One worker's turn on one claimed link: push its dirty items (at most 4 requests in
 * flight), then, when due, reconcile with what Outlook really holds; or, for a link being
 * unlinked, remove every event of ours and then the link itself. Store and provider come
 * in as arguments, so tests run this against a real database and the emulator.
 */
import type { Logger } from "pino";
import type { EventContext } from "../domain/event.ts";
import { ProviderFailure, type CalendarProvider, type RemoteOwnEvent } from "../domain/provider.ts";
import type { GraphEventId, SessionId } from "../domain/types.ts";
import { classifyMicrosoftFailure } from "../microsoft/classify.ts";
import { appendAudit } from "../store/audit/appendAudit.ts";
import type { Db } from "../store/db.ts";
import { deleteLink, markNeedsRelink, requestLinkWork, scheduleReconcile } from "../store/links/linkState.ts";
import { claimItems, releaseDeadClaims, type ClaimedItem } from "../store/mirror/claimItems.ts";
import type { ClaimedLink } from "../store/mirror/claimLink.ts";
import { recordOutcome, recordOutcomes, type Outcome } from "../store/mirror/recordOutcome.ts";
import { applyRepairs, recordedEvents, type Repairs } from "../store/mirror/repairFromOutlook.ts";
import { keepLease, type LeaseKeeper } from "./leaseKeeper.ts";
import { deleteIgnoringMissing, pushItem } from "./pushItem.ts";
import { syncOutcomes } from "../metrics.ts";

export interface ReconcilerDeps {
  db: Db;
  providerFor(link: ClaimedLink): CalendarProvider;
  eventContext: Omit<EventContext, "privacyLevel">;
  logger: Logger;
  workerId: string;
  leaseSec: number;
  reconcileEverySec: number;
  now(): Date;
  random(): number;
  /** Called once per finished Graph write, with the item's key; used for metrics. */
  onPushed?(linkId: string, sessionId: string): void;
  /** Called when an unlink's clean-up is done, before the link is erased: ends its change notifications. */
  beforeUnlinked?(link: ClaimedLink): Promise<void>;
}

/** Items taken per claim: a few rounds of 4 in flight, so results are recorded steadily. */
const ITEMS_PER_CLAIM = 16;
/** After this many items the link goes back in the queue, so one busy mailbox cannot starve others. */
const ITEMS_PER_TURN = 400;
const IN_FLIGHT = 4;

export async function processLink(link: ClaimedLink, deps: ReconcilerDeps): Promise<void> {
  if (link.previousHolder) await releaseDeadClaims(deps.db, { linkId: link.id, workerId: link.previousHolder });
  const provider = deps.providerFor(link);
  const lease = keepLease(deps, link.id);
  try {
    if (link.state === "unlinking") {
      await cleanUpLink(link, provider, deps, lease);
      return;
    }
    const pushed = await pushDirtyItems(link, provider, deps, lease);
    if (pushed === "needs_relink" || lease.lost) return;
    if (link.reconcileDue) await reconcileLink(link, provider, deps);
  } finally {
    lease.stop();
  }
}

async function pushDirtyItems(
  link: ClaimedLink,
  provider: CalendarProvider,
  deps: ReconcilerDeps,
  lease: LeaseKeeper,
): Promise<"ok" | "needs_relink"> {
  let done = 0;
  while (done < ITEMS_PER_TURN && !lease.lost) {
    const items = await claimItems(deps.db, link.id, ITEMS_PER_CLAIM, { leaseSec: deps.leaseSec, workerId: deps.workerId });
    if (items.length === 0) return "ok";
    lease.hold(items.map((item) => item.sessionId));
    let relinkReason: string | undefined;
    // Outcomes are recorded together after the round: the 4 slots never wait on the database.
    const results: Array<{ key: ClaimedItem; outcome: Outcome }> = [];
    await forEachConcurrently(items, IN_FLIGHT, async (item) => {
      const result = await pushItem(item, {
        provider,
        linkUserId: link.userId,
        eventContext: deps.eventContext,
        now: deps.now(),
        random: deps.random,
      });
      if (result.kind === "needs_relink") {
        relinkReason = result.reason;
        syncOutcomes.inc({ outcome: "needs_relink" });
        // Leave the item due, so it is pushed as soon as the user relinks.
        results.push({
          key: item,
          outcome: { kind: "retry", delayMs: 0, error: result.reason, createStillInDoubt: item.wasInDoubt, generation: item.generation, remoteEventId: item.remoteEventId },
        });
        return;
      }
      results.push({ key: item, outcome: result.outcome });
      syncOutcomes.inc({ outcome: result.outcome.kind });
    });
    // Held until recorded, so the heartbeat keeps every unrecorded claim alive.
    await recordOutcomes(deps.db, results);
    for (const item of items) lease.release(item.sessionId);
    let throttled = false;
    for (const { key, outcome } of results) {
      if (outcome.kind === "retry") throttled = true;
      else if (outcome.kind === "written" || outcome.kind === "gone") deps.onPushed?.(key.linkId, key.sessionId);
    }
    if (relinkReason !== undefined) {
      await markNeedsRelink(deps.db, link, relinkReason);
      await appendAudit(deps.db, { orgId: link.orgId, actorId: null, kind: "link.needs_relink", subjectUserId: link.userId, details: { mailbox: link.mailboxAddress } });
      deps.logger.warn({ linkId: link.id }, "calendar link needs relinking");
      return "needs_relink";
    }
    done += items.length;
    // A throttled or failing mailbox waits for its items' next attempt instead of spinning.
    if (throttled) return "ok";
  }
  return "ok";
}

/**
 * S-SYNC-2: list every event of ours in the mailbox and compare it with our records:
 * restore what was deleted or edited in Outlook, adopt what we lost track of, and delete
 * what should not be there (duplicates, events of sessions we no longer mirror).
 */
export async function reconcileLink(link: ClaimedLink, provider: CalendarProvider, deps: ReconcilerDeps): Promise<void> {
  try {
    const remote = await collect(provider.listOwnEvents());
    const recorded = await recordedEvents(deps.db, link.id);
    const { repairs, strays } = compareWithOutlook(recorded, remote);
    for (const stray of strays) await deleteIgnoringMissing(provider, stray);
    await applyRepairs(deps.db, link.id, repairs);
    await scheduleReconcile(deps.db, link.id, deps.reconcileEverySec);
    const fixed = repairs.vanished.length + repairs.edited.length + repairs.adopted.length + strays.length;
    if (fixed > 0) {
      await appendAudit(deps.db, {
        orgId: link.orgId,
        actorId: null,
        kind: "link.reconciled",
        subjectUserId: link.userId,
        details: {
          restoredDeleted: repairs.vanished.length,
          revertedEdits: repairs.edited.length,
          adopted: repairs.adopted.length,
          removedStrays: strays.length,
        },
      });
    }
  } catch (thrown) {
    await handleLinkFailure(link, thrown, deps, "reconciliation");
  }
}

/** Pure comparison of our records with the events of ours Outlook holds. */
export function compareWithOutlook(
  recorded: readonly { sessionId: SessionId; remoteEventId: GraphEventId | null; remoteChangeKey: string | null }[],
  remote: readonly RemoteOwnEvent[],
): { repairs: Repairs; strays: GraphEventId[] } {
  const remoteById = new Map(remote.map((event) => [event.id, event]));
  const recordedBySession = new Map(recorded.map((item) => [item.sessionId, item]));
  const knownIds = new Set(recorded.flatMap((item) => (item.remoteEventId ? [item.remoteEventId] : [])));
  const repairs: Repairs = { vanished: [], edited: [], adopted: [] };
  for (const item of recorded) {
    if (!item.remoteEventId) continue;
    const event = remoteById.get(item.remoteEventId);
    if (!event) repairs.vanished.push(item.sessionId);
    else if (item.remoteChangeKey !== null && item.remoteChangeKey !== "" && event.changeKey !== item.remoteChangeKey) {
      repairs.edited.push(item.sessionId);
    }
  }
  const strays: GraphEventId[] = [];
  const adoptedSessions = new Set<string>();
  for (const event of remote) {
    if (knownIds.has(event.id)) continue;
    const item = recordedBySession.get(event.sessionId);
    if (item && item.remoteEventId === null && !adoptedSessions.has(event.sessionId)) {
      repairs.adopted.push({ sessionId: event.sessionId, remoteEventId: event.id });
      adoptedSessions.add(event.sessionId);
    } else {
      strays.push(event.id);
    }
  }
  return { repairs, strays };
}

/**
 * S-UNLINK-1: nothing new is pushed; every event of ours is removed, found through our
 * records and through the extended property; then the link and its tokens are erased.
 * Progress is the number of mirror items left, so a crash resumes where it stopped.
 */
async function cleanUpLink(link: ClaimedLink, provider: CalendarProvider, deps: ReconcilerDeps, lease: LeaseKeeper): Promise<void> {
  try {
    for (;;) {
      if (lease.lost) return;
      const items = await claimItems(deps.db, link.id, ITEMS_PER_CLAIM, { includeClean: true, leaseSec: deps.leaseSec, workerId: deps.workerId });
      if (items.length === 0) break;
      lease.hold(items.map((item) => item.sessionId));
      await forEachConcurrently(items, IN_FLIGHT, async (item) => {
        if (item.remoteEventId) await deleteIgnoringMissing(provider, item.remoteEventId);
        else if (item.wasInDoubt || item.attempts > 1) {
          for (const found of await provider.findEventsBySession(item.sessionId)) await deleteIgnoringMissing(provider, found.id);
        }
        lease.release(item.sessionId);
        await recordOutcome(deps.db, item, { kind: "gone" });
      });
    }
    // Events whose record was lost are still ours: the property finds them.
    for await (const page of provider.listOwnEvents()) {
      for (const event of page) await deleteIgnoringMissing(provider, event.id);
    }
    await deps.beforeUnlinked?.(link);
    await finishUnlink(link, deps, { complete: true });
  } catch (thrown) {
    await handleLinkFailure(link, thrown, deps, "unlink clean-up");
  }
}

async function finishUnlink(link: ClaimedLink, deps: ReconcilerDeps, result: { complete: boolean; reason?: string }): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await deleteLink(tx, link.id);
    await appendAudit(tx, {
      orgId: link.orgId,
      actorId: null,
      kind: result.complete ? "link.unlinked" : "link.unlinked_incomplete",
      subjectUserId: link.userId,
      details: { mailbox: link.mailboxAddress, ...(result.reason ? { reason: result.reason } : {}) },
    });
  });
  deps.logger.info({ linkId: link.id, complete: result.complete }, "calendar link removed");
}

async function handleLinkFailure(link: ClaimedLink, thrown: unknown, deps: ReconcilerDeps, during: string): Promise<void> {
  if (!(thrown instanceof ProviderFailure)) throw thrown;
  const action = classifyMicrosoftFailure(thrown.detail, deps.now());
  if (action.action === "needs_relink") {
    if (link.state === "unlinking") {
      // Microsoft no longer lets us in, so our events can't be removed; the link still ends,
      // and the audit log says what was left behind.
      await finishUnlink(link, deps, { complete: false, reason: action.reason });
    } else {
      await markNeedsRelink(deps.db, link, action.reason);
    }
    return;
  }
  // Anything else is passing: try the link-level work again a little later.
  deps.logger.warn({ linkId: link.id, during, failure: thrown.detail }, "link-level work failed; will retry");
  await requestLinkWork(deps.db, link.id, 60);
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

async function forEachConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
