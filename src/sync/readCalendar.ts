/**
 * One read of a link's Outlook calendar into the read-side cache (S-CAL-5): a full round
 * of `calendarView/delta` over the rolling window when there is no delta link, when it is
 * a day old (the window rolls) or when Microsoft forgot it (410); otherwise only the
 * changes since the last read. Events the product mirrored are never cached.
 */
import type { Logger } from "pino";
import { readWindow, withoutOwnEvents, type CalendarReader, type ReadPage, type ReadWindow } from "../domain/outlookRead.ts";
import { ProviderFailure, type CalendarProvider } from "../domain/provider.ts";
import { classifyMicrosoftFailure } from "../microsoft/classify.ts";
import type { Db } from "../store/db.ts";
import { markNeedsRelink } from "../store/links/linkState.ts";
import { holdReadLease, type ClaimedReadLink } from "../store/readSide/claimReadLink.ts";
import { applyReadPage, keepOnlyEvents, unknownEventIds } from "../store/readSide/externalEvents.ts";
import { failRead, finishRead } from "../store/readSide/readSchedule.ts";

/** A delta link older than this starts a full round, so the window follows the calendar. */
const FULL_ROUND_EVERY_MS = 24 * 3600_000;

export interface ReadCalendarDeps {
  db: Db;
  workerId: string;
  leaseSec: number;
  window: { daysBack: number; daysAhead: number };
  /** Until the next read when nobody has the calendar open and no notification comes. */
  idleEverySec: number;
  logger: Logger;
  now(): Date;
}

export async function readCalendar(
  link: ClaimedReadLink,
  reader: CalendarReader,
  provider: CalendarProvider,
  deps: ReadCalendarDeps,
): Promise<void> {
  try {
    await readRound(link, reader, provider, deps);
  } catch (thrown) {
    if (!(thrown instanceof ProviderFailure)) throw thrown;
    const action = classifyMicrosoftFailure(thrown.detail, deps.now());
    if (action.action === "needs_relink") {
      await markNeedsRelink(deps.db, link, action.reason);
      await failRead(deps.db, link.id, action.reason, deps.idleEverySec);
      return;
    }
    const reason = "reason" in action ? action.reason : "Microsoft Outlook could not be read.";
    const retryInSec = action.action === "retry" ? Math.max(5, Math.ceil((action.retryAfterMs ?? 60_000) / 1000)) : 300;
    deps.logger.warn({ linkId: link.id, failure: thrown.detail }, "reading the Outlook calendar failed; will retry");
    await failRead(deps.db, link.id, reason, retryInSec);
  }
}

async function readRound(link: ClaimedReadLink, reader: CalendarReader, provider: CalendarProvider, deps: ReadCalendarDeps): Promise<void> {
  const now = deps.now();
  const window = readWindow(now, deps.window.daysBack, deps.window.daysAhead);
  const resumable = link.delta !== null && now.getTime() - link.delta.openedAt.getTime() < FULL_ROUND_EVERY_MS;
  let round = resumable && link.delta ? { full: false, openedAt: link.delta.openedAt } : { full: true, openedAt: now };
  let from: { window: ReadWindow } | { url: string } = resumable && link.delta ? { url: link.delta.deltaLink } : { window };
  let restarted = false;
  const seen: string[] = [];
  const ownIds = lazily(() => ownEventIds(provider));

  for (;;) {
    let page: ReadPage;
    try {
      page = await reader.readPage(from);
    } catch (thrown) {
      // 410: Microsoft no longer knows the token; start over once with a full round.
      if (restarted || !isGone(thrown)) throw thrown;
      restarted = true;
      round = { full: true, openedAt: now };
      from = { window };
      seen.length = 0;
      continue;
    }
    const unknown = await unknownEventIds(deps.db, link.id, page.changed.map((event) => event.id));
    const own = unknown.size > 0 ? await ownIds() : new Set<string>();
    const { keep, own: ours } = withoutOwnEvents(page.changed, (id) => unknown.has(id) && own.has(id));
    await applyReadPage(deps.db, link.id, { keep, drop: [...page.removed, ...ours] });
    if (round.full) seen.push(...keep.map((event) => event.id));
    if (page.next.kind === "done") {
      if (round.full) await keepOnlyEvents(deps.db, link.id, seen);
      await finishRead(deps.db, link.id, { delta: { openedAt: round.openedAt, deltaLink: page.next.deltaLink }, nextReadInSec: deps.idleEverySec });
      return;
    }
    from = { url: page.next.url };
    await holdReadLease(deps.db, link.id, deps.workerId, deps.leaseSec);
  }
}

/** Every event of ours in the mailbox, found by our extended property (delta cannot expand it). */
async function ownEventIds(provider: CalendarProvider): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const page of provider.listOwnEvents()) for (const event of page) ids.add(event.id);
  return ids;
}

function lazily<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= load());
}

function isGone(thrown: unknown): boolean {
  return thrown instanceof ProviderFailure && thrown.detail.kind === "http" && thrown.detail.status === 410;
}
