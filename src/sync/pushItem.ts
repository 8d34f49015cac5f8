/**
 * Brings one mirror item's Outlook event in line with its session: plan a step, take it,
 * plan again, until Outlook shows what it should. Returns the outcome to record; never
 * throws for a failure of Microsoft (it becomes a retry, a failure in words, or a relink).
 */
import { createHash } from "node:crypto";
import { eventDraftHash, outlookEventFor, type EventContext, type OutlookEventDraft } from "../domain/event.ts";
import { ProviderFailure, type CalendarProvider } from "../domain/provider.ts";
import type { GraphEventId } from "../domain/types.ts";
import { backoffDelayMs, classifyMicrosoftFailure } from "../microsoft/classify.ts";
import type { ClaimedItem } from "../store/mirror/claimItems.ts";
import type { Outcome } from "../store/mirror/recordOutcome.ts";
import { planMirrorItem, shouldHaveEvent, type Recorded } from "./plan.ts";

export type PushResult =
  | { kind: "outcome"; outcome: Outcome; graphCalls: number }
  /** The link's refresh token no longer works: stop the whole link until the user relinks. */
  | { kind: "needs_relink"; reason: string; graphCalls: number };

export interface PushContext {
  provider: CalendarProvider;
  linkUserId: string;
  /** The privacy level comes with each item, from its organization's options. */
  eventContext: Omit<EventContext, "privacyLevel">;
  now: Date;
  random: () => number;
}

/** Enough for lookup → create → (404) → create again; more means something is wrong. */
const MAX_STEPS = 5;

export async function pushItem(item: ClaimedItem, ctx: PushContext): Promise<PushResult> {
  let recorded: Recorded<GraphEventId> = { remoteEventId: item.remoteEventId, pushedHash: item.pushedHash, createInDoubt: item.wasInDoubt };
  let generation = item.generation;
  let graphCalls = 0;
  const draft = desiredDraft(item, ctx, recorded.remoteEventId !== null || item.wasInDoubt);
  const desired = draft ? { hash: eventDraftHash(draft) } : null;
  try {
    for (let step = 0; step < MAX_STEPS; step++) {
      const next = planMirrorItem(desired, recorded);
      switch (next.kind) {
        case "none":
          return written(recorded.remoteEventId!, null, desired!.hash, generation);
        case "forget":
          return { kind: "outcome", outcome: { kind: "gone" }, graphCalls };
        case "lookup": {
          graphCalls++;
          const found = await ctx.provider.findEventsBySession(item.sessionId);
          // More than one can only come from an earlier failure: keep one, remove the rest.
          for (const extra of found.slice(1)) {
            graphCalls++;
            await deleteIgnoringMissing(ctx.provider, extra.id);
          }
          recorded = { remoteEventId: found[0]?.id ?? null, pushedHash: null, createInDoubt: false };
          continue;
        }
        case "create": {
          graphCalls++;
          try {
            const created = await ctx.provider.createEvent(draft!, transactionIdFor(item, generation));
            return written(created.id, created.changeKey, desired!.hash, generation);
          } catch (thrown) {
            if (actionOf(thrown, ctx.now) !== "duplicate_transaction") throw thrown;
            // Microsoft remembers that transactionId: either our event exists (the lookup
            // finds it) or it was deleted since, and a new generation gives a fresh id.
            recorded = { ...recorded, createInDoubt: true };
            generation++;
            continue;
          }
        }
        case "update": {
          graphCalls++;
          try {
            const updated = await ctx.provider.updateEvent(recorded.remoteEventId!, draft!);
            return written(updated.id, updated.changeKey, desired!.hash, generation);
          } catch (thrown) {
            if (actionOf(thrown, ctx.now) !== "not_found") throw thrown;
            // Deleted in Outlook while the session still wants it: the product is the source of truth.
            recorded = { remoteEventId: null, pushedHash: null, createInDoubt: false };
            generation++;
            continue;
          }
        }
        case "delete":
          graphCalls++;
          await deleteIgnoringMissing(ctx.provider, recorded.remoteEventId!);
          return { kind: "outcome", outcome: { kind: "gone" }, graphCalls };
      }
    }
    return failed("The Outlook event could not be brought up to date; it will be tried again.");
  } catch (thrown) {
    return failureResult(thrown);
  }

  function written(remoteEventId: GraphEventId, changeKey: string | null, pushedHash: string, gen: number): PushResult {
    return {
      kind: "outcome",
      outcome: { kind: "written", remoteEventId, changeKey: changeKey ?? "", pushedHash, generation: gen },
      graphCalls,
    };
  }

  function failed(error: string): PushResult {
    return {
      kind: "outcome",
      outcome: { kind: "failed", error, createStillInDoubt: recorded.createInDoubt, generation, remoteEventId: recorded.remoteEventId },
      graphCalls,
    };
  }

  function failureResult(thrown: unknown): PushResult {
    if (!(thrown instanceof ProviderFailure)) throw thrown;
    const action = classifyMicrosoftFailure(thrown.detail, ctx.now);
    const common = { createStillInDoubt: createMayHaveLanded(thrown), generation, remoteEventId: recorded.remoteEventId };
    switch (action.action) {
      case "retry":
      case "refresh_token_then_retry": {
        const delayMs = "retryAfterMs" in action && action.retryAfterMs !== undefined
          ? action.retryAfterMs
          : backoffDelayMs(Math.min(item.attempts, 20), ctx.random, { baseMs: 2000 });
        const error = "reason" in action ? action.reason : "Microsoft asked for a new sign-in token. We will try again shortly.";
        return { kind: "outcome", outcome: { kind: "retry", delayMs, error, ...common }, graphCalls };
      }
      case "needs_relink":
        return { kind: "needs_relink", reason: action.reason, graphCalls };
      case "fail":
        return { kind: "outcome", outcome: { kind: "failed", error: action.reason, ...common }, graphCalls };
      case "not_found":
      case "duplicate_transaction":
        return { kind: "outcome", outcome: { kind: "retry", delayMs: 1000, error: thrown.message, ...common }, graphCalls };
    }
  }

  /** After a failure with no event on record, was the create perhaps stored all the same? */
  function createMayHaveLanded(failure: ProviderFailure): boolean {
    if (recorded.createInDoubt) return true;
    if (recorded.remoteEventId !== null) return false;
    // No answer, or a 5xx, may come after Microsoft stored the event; a 4xx means it did not.
    return failure.detail.kind === "network" || (failure.detail.kind === "http" && failure.detail.status >= 500);
  }
}

function desiredDraft(item: ClaimedItem, ctx: PushContext, hasEvent: boolean): OutlookEventDraft | null {
  const { session } = item;
  const wanted = shouldHaveEvent(
    { session, linkUserId: ctx.linkUserId, linkActive: true, hasEvent },
    ctx.now,
  );
  if (!wanted) return null;
  return outlookEventFor(
    {
      id: item.sessionId,
      orgId: session.orgId,
      hostId: session.hostId,
      title: session.title,
      startsAt: session.startsAt,
      durationMin: session.durationMin,
      timeZone: session.timeZone,
      notes: null,
      status: session.status,
      participants: session.participantNames.map((name) => ({ name, email: null, phone: null })),
      hostJoinToken: session.hostJoinToken,
      participantJoinToken: session.participantJoinToken,
    },
    { ...ctx.eventContext, privacyLevel: item.privacyLevel },
  );
}

export async function deleteIgnoringMissing(provider: CalendarProvider, id: GraphEventId): Promise<void> {
  try {
    await provider.deleteEvent(id);
  } catch (thrown) {
    // Already gone (deleted in Outlook) is exactly what a delete wants.
    if (!(thrown instanceof ProviderFailure && thrown.detail.kind === "http" && thrown.detail.status === 404)) throw thrown;
  }
}

function actionOf(thrown: unknown, now: Date): string | undefined {
  return thrown instanceof ProviderFailure ? classifyMicrosoftFailure(thrown.detail, now).action : undefined;
}

/** Deterministic per (link, session, generation), in the GUID form Microsoft documents. */
export function transactionIdFor(item: Pick<ClaimedItem, "linkId" | "sessionId">, generation: number): string {
  const hex = createHash("sha256").update(`${item.linkId}:${item.sessionId}:${generation}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
