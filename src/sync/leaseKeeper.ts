/**
 * Keeps a worker's claims alive while it works on a link: every third of the lease it
 * extends the link's lease and the leases of the items it is pushing. An expired lease then
 * reliably means its holder died, so leases can be short and a crash is recovered quickly;
 * a holder that lost its lease (a long stall) notices and stops taking new work.
 */
import type { Logger } from "pino";
import { coerceError } from "../domain/errors.ts";
import type { Db } from "../store/db.ts";
import { extendItemLeases } from "../store/mirror/claimItems.ts";
import { extendLease } from "../store/mirror/claimLink.ts";

export interface LeaseKeeper {
  /** True once another worker may have taken the link over: take no new work. */
  readonly lost: boolean;
  hold(sessionIds: readonly string[]): void;
  /** Called once an item's outcome is recorded; the record clears its claim, so no later heartbeat touches it. */
  release(sessionId: string): void;
  stop(): void;
}

export function keepLease(
  deps: { db: Db; workerId: string; leaseSec: number; logger: Logger },
  linkId: string,
): LeaseKeeper {
  const held = new Set<string>();
  let lost = false;
  let beating = false;
  const timer = setInterval(() => {
    if (beating) return;
    beating = true;
    void beat().finally(() => {
      beating = false;
    });
  }, (deps.leaseSec * 1000) / 3);
  timer.unref();

  async function beat(): Promise<void> {
    try {
      if (!(await extendLease(deps.db, linkId, deps.workerId, deps.leaseSec))) {
        lost = true;
        return;
      }
      if (held.size > 0) await extendItemLeases(deps.db, { linkId, workerId: deps.workerId, leaseSec: deps.leaseSec }, [...held]);
    } catch (thrown) {
      deps.logger.warn({ err: coerceError(thrown), linkId }, "extending a lease failed");
    }
  }

  return {
    get lost() {
      return lost;
    },
    hold(sessionIds) {
      for (const id of sessionIds) held.add(id);
    },
    release(sessionId) {
      held.delete(sessionId);
    },
    stop() {
      clearInterval(timer);
    },
  };
}
