/**
 * The sync worker's loop: several lanes, each claiming one link at a time, processing it
 * and letting it go. Lanes sleep until a NOTIFY from a committed change or a lane that found
 * work wakes them; the first lane also wakes every poll interval (which catches due retries,
 * due jobs and missed notifications).
 */
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { coerceError } from "../domain/errors.ts";
import { releaseDeadClaims } from "../store/mirror/claimItems.ts";
import { claimLink, releaseAndClaimNext, releaseLink, type LinkClaim } from "../store/mirror/claimLink.ts";
import { SYNC_CHANNEL } from "../store/mirror/markSessionsDirty.ts";
import type { Database } from "../store/db.ts";
import { ITEMS_PER_CLAIM, processLink, type ReconcilerDeps } from "./reconciler.ts";

/**
 * Other work the worker does besides pushing to mailboxes (materialising series, reading
 * Outlook calendars back): each call does one bounded piece of due work, claimed safely
 * against other workers, and says whether there was any.
 */
export interface WorkerJob {
  name: string;
  runOnce(workerId: string): Promise<boolean>;
}

export interface WorkerOptions {
  database: Database;
  reconciler: Omit<ReconcilerDeps, "workerId" | "db">;
  lanes: number;
  pollMs: number;
  jobs?: readonly WorkerJob[];
}

export interface SyncWorker {
  readonly id: string;
  start(): Promise<void>;
  /** Finishes the links in hand, then stops; leases of unfinished work simply expire. */
  stop(): Promise<void>;
  /** Processes links and jobs until nothing is due now; for tests and one-shot commands. */
  runUntilIdle(): Promise<number>;
}

export function createSyncWorker(options: WorkerOptions): SyncWorker {
  const id = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const deps: ReconcilerDeps = { ...options.reconciler, db: options.database.db, workerId: id };
  const log = deps.logger;
  let running = false;
  let lanes: Promise<void>[] = [];
  let unlisten: (() => Promise<void>) | undefined;
  let wakeSleepers: Array<() => void> = [];

  function wakeAll(): void {
    const sleepers = wakeSleepers;
    wakeSleepers = [];
    for (const resume of sleepers) resume();
  }

  /**
   * One lane per signal: a lane that then finds a link wakes the next, so work fans out to
   * as many lanes as there are links due, and a single change does not send every lane
   * to the database at once to find nothing.
   */
  function wakeOne(): void {
    wakeSleepers.shift()?.();
  }

  /** Until woken, or `ms` passes when given. */
  function sleep(ms: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wakeSleepers = wakeSleepers.filter((resume) => resume !== done);
        resolve();
      }
      wakeSleepers.push(done);
    });
  }

  const jobs = options.jobs ?? [];

  /** One piece of due work: a link if any is due, else each job in turn; false when idle. */
  async function turn(): Promise<boolean> {
    if (await linkTurn()) return true;
    let worked = false;
    for (const job of jobs) {
      try {
        if (await job.runOnce(id)) worked = true;
      } catch (thrown) {
        log.error({ err: coerceError(thrown), job: job.name }, "a sync worker job failed");
      }
    }
    // More may be due: another lane joins, as for links.
    if (worked) wakeOne();
    return worked;
  }

  const claimRequest = { workerId: id, leaseSec: deps.leaseSec, firstItems: ITEMS_PER_CLAIM };

  /**
   * Links one after another while any is due: each is released together with the claim of
   * the next (one statement), until none is due or the worker is stopping.
   */
  async function linkTurn(): Promise<boolean> {
    let claim = await claimLink(deps.db, claimRequest);
    if (!claim) return false;
    while (claim) {
      const { link, items } = claim;
      wakeOne();
      try {
        await processLink(link, deps, items);
      } catch (thrown) {
        // A failure of one link must never stop the loop; its lease expires and it is retried.
        log.error({ err: coerceError(thrown), linkId: link.id }, "processing a calendar link failed");
      }
      claim = await releaseAndClaimNextIfRunning(link.id);
    }
    return true;
  }

  async function releaseAndClaimNextIfRunning(linkId: string): Promise<LinkClaim | undefined> {
    try {
      if (running) return await releaseAndClaimNext(deps.db, { linkId }, claimRequest);
      await releaseLink(deps.db, linkId, id);
    } catch (thrown) {
      log.error({ err: coerceError(thrown), linkId }, "releasing a calendar link failed");
      // The link stays held until its lease runs out; a plain release may still get through.
      await releaseLink(deps.db, linkId, id).catch(() => undefined);
    }
    return undefined;
  }

  /**
   * Only the first lane polls; the others, once idle, sleep until a notification or a lane
   * that found work wakes them. Eight lanes polling found nothing eight times a second, and
   * on the embedded database, which runs one statement at a time for the web server too,
   * those statements held up the requests of people every second.
   */
  async function lane(polls: boolean): Promise<void> {
    while (running) {
      let worked = false;
      try {
        worked = await turn();
      } catch (thrown) {
        log.error({ err: coerceError(thrown) }, "sync worker turn failed");
      }
      if (!worked && running) await sleep(polls ? options.pollMs : undefined);
    }
  }

  return {
    id,
    async start() {
      if (running) return;
      running = true;
      // The embedded database has one owner: any claim still recorded belongs to a dead process.
      if (options.database.kind === "pglite") await releaseDeadClaims(deps.db, undefined);
      unlisten = await options.database.listen(SYNC_CHANNEL, wakeOne);
      lanes = Array.from({ length: options.lanes }, (_, index) => lane(index === 0));
      log.info({ workerId: id, lanes: options.lanes }, "sync worker started");
    },
    async stop() {
      running = false;
      wakeAll();
      await Promise.all(lanes);
      lanes = [];
      await unlisten?.();
      unlisten = undefined;
    },
    async runUntilIdle() {
      let turns = 0;
      while (await turn()) turns++;
      return turns;
    },
  };
}
