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
import { otherLinkWaiting, type ClaimedLink } from "../store/mirror/claimLink.ts";
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

/** Items taken per claim: eight rounds of 4 in flight, claimed while the last round is out. */
export const ITEMS_PER_CLAIM = 32;
/**
 * After this many items the link goes back in the queue if another link is waiting, so one
 * busy mailbox cannot starve others; with nobody waiting it keeps its turn (and its pipeline).
 */
const ITEMS_PER_TURN = 400;
const IN_FLIGHT = 4;
/** Finished items are recorded in batches of this many (and whatever is left at the end). */
const RECORD_BATCH = 8;

/** `firstItems` were claimed with the link (claimLink): they are pushed first. */
export async function processLink(link: ClaimedLink, deps: ReconcilerDeps, firstItems: readonly ClaimedItem[] = []): Promise<void> {
  if (link.previousHolder) await releaseDeadClaims(deps.db, { linkId: link.id, workerId: link.previousHolder });
  const provider = deps.providerFor(link);
  const lease = keepLease(deps, link.id);
  try {
    if (link.state === "unlinking") {
      await cleanUpLink(link, provider, deps, lease);
      return;
    }
    const pushed = await pushDirtyItems(link, provider, deps, lease, firstItems);
    // Reconciliation waits until the mailbox's changes are all pushed (an initial copy first).
    if (pushed !== "drained" || lease.lost) return;
    if (link.reconcileDue) await reconcileLink(link, provider, deps);
  } finally {
    lease.stop();
  }
}

/**
 * Pushes a link's due items as a pipeline: 4 slots keep Microsoft busy while the next items
 * are claimed (as soon as fewer than 4 wait) and finished ones are recorded in batches, so
 * no slot waits for the database and no round waits for its slowest item.
 */
async function pushDirtyItems(
  link: ClaimedLink,
  provider: CalendarProvider,
  deps: ReconcilerDeps,
  lease: LeaseKeeper,
  firstItems: readonly ClaimedItem[],
): Promise<"drained" | "more" | "needs_relink"> {
  const waiting: ClaimedItem[] = [...firstItems];
  lease.hold(firstItems.map((item) => item.sessionId));
  const finished: Array<{ key: ClaimedItem; outcome: Outcome }> = [];
  let claimed = firstItems.length;
  let turnEndsAt = ITEMS_PER_TURN;
  // A short first claim took everything due (see claimMore), unless a dead holder's claims
  // were released after it was made: those are due now and belong to this turn.
  let exhausted = firstItems.length < ITEMS_PER_CLAIM && link.previousHolder === null;
  /** A throttled mailbox, a relink, a lost lease or a full turn: take nothing new. */
  let stopping = false;
  let relinkReason: string | undefined;
  let claiming: Promise<void> | undefined;
  let recording: Promise<void> | undefined;
  /** A database failure in a claim or a record made in the background; thrown at the end. */
  let failure: unknown;

  const claimMore = (): Promise<void> => {
    claiming ??= (async () => {
      const items = await claimItems(deps.db, link.id, { limit: ITEMS_PER_CLAIM, leaseSec: deps.leaseSec, workerId: deps.workerId });
      // A short claim took everything due: asking again would find nothing. What becomes due
      // meanwhile is found by the lane's next claim of a link, right after this one is released.
      if (items.length < ITEMS_PER_CLAIM) exhausted = true;
      claimed += items.length;
      lease.hold(items.map((item) => item.sessionId));
      waiting.push(...items);
      if (!exhausted && claimed >= turnEndsAt) {
        if (await otherLinkWaiting(deps.db, link.id)) exhausted = true;
        else turnEndsAt = claimed + ITEMS_PER_TURN;
      }
    })()
      .catch((thrown: unknown) => {
        failure ??= thrown;
        stopping = true;
      })
      .finally(() => {
        claiming = undefined;
      });
    return claiming;
  };

  /**
   * Records run beside the pushes, one statement at a time: whatever finished while one was
   * being written goes into the next, so a busy mailbox writes fewer, larger records.
   */
  const record = (): Promise<void> => {
    recording ??= (async () => {
      while (finished.length > 0) {
        const batch = finished.splice(0, finished.length);
        await recordOutcomes(deps.db, batch);
        // Held until recorded, so the heartbeat keeps every unrecorded claim alive.
        for (const { key, outcome } of batch) {
          lease.release(key.sessionId);
          if (outcome.kind === "written" || outcome.kind === "gone") deps.onPushed?.(key.linkId, key.sessionId);
        }
      }
    })()
      .catch((thrown: unknown) => {
        // Unrecorded items stay claimed; the next holder of the link releases them.
        failure ??= thrown;
        stopping = true;
        finished.length = 0;
      })
      .finally(() => {
        recording = undefined;
      });
    return recording;
  };

  const slot = async (): Promise<void> => {
    for (;;) {
      if (lease.lost) stopping = true;
      if (!stopping && !exhausted && waiting.length < IN_FLIGHT) void claimMore();
      const item = waiting.shift();
      if (item === undefined) {
        if (stopping || exhausted) {
          if (!claiming) return;
        }
        if (claiming) await claiming;
        else if (!stopping && !exhausted) await claimMore();
        if (waiting.length === 0 && (stopping || exhausted) && !claiming) return;
        continue;
      }
      if (stopping) {
        // Claimed but not pushed: due again at once for the next turn.
        finished.push({ key: item, outcome: { kind: "released" } });
        continue;
      }
      let result: Awaited<ReturnType<typeof pushItem>>;
      try {
        result = await pushItem(item, {
          provider,
          linkUserId: link.userId,
          eventContext: deps.eventContext,
          now: deps.now(),
          random: deps.random,
        });
      } catch (thrown) {
        // Not a failure of Microsoft (those are outcomes): stop the round, keep the other slots' results.
        failure ??= thrown;
        stopping = true;
        finished.push({ key: item, outcome: { kind: "released" } });
        continue;
      }
      if (result.kind === "needs_relink") {
        relinkReason = result.reason;
        stopping = true;
        syncOutcomes.inc({ outcome: "needs_relink" });
        // Left due with the reason, so it is pushed as soon as the user relinks.
        finished.push({
          key: item,
          outcome: {
            kind: "retry",
            delayMs: 0,
            error: result.reason,
            createStillInDoubt: item.wasInDoubt,
            generation: item.generation,
            remoteEventId: item.remoteEventId,
          },
        });
      } else {
        finished.push({ key: item, outcome: result.outcome });
        syncOutcomes.inc({ outcome: result.outcome.kind });
        // A throttled or failing mailbox waits for its items' next attempt instead of spinning.
        if (result.outcome.kind === "retry") stopping = true;
      }
      if (finished.length >= RECORD_BATCH) void record();
    }
  };

  await Promise.all(Array.from({ length: IN_FLIGHT }, slot));
  if (claiming) await claiming;
  // Whatever the last claim brought after the slots stopped is handed back unpushed.
  for (const item of waiting.splice(0, waiting.length)) finished.push({ key: item, outcome: { kind: "released" } });
  // Until nothing is left unrecorded: items can finish while the last record is written.
  while (finished.length > 0 || recording) await record();
  if (failure !== undefined) throw failure;

  if (relinkReason !== undefined) {
    await markNeedsRelink(deps.db, link, relinkReason);
    await appendAudit(deps.db, { orgId: link.orgId, actorId: null, kind: "link.needs_relink", subjectUserId: link.userId, details: { mailbox: link.mailboxAddress } });
    deps.logger.warn({ linkId: link.id }, "calendar link needs relinking");
    return "needs_relink";
  }
  return stopping || claimed >= turnEndsAt ? "more" : "drained";
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
      const items = await claimItems(deps.db, link.id, { limit: ITEMS_PER_CLAIM, includeClean: true, leaseSec: deps.leaseSec, workerId: deps.workerId });
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
