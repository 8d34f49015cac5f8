/**
 * The worker job that looks after the embedded database (see store/maintenance.ts): due
 * when the process starts (a data directory from an older run may never have been
 * analysed) and every `everyMs` after that. Only for the embedded database, which has
 * exactly one owning process, so no claim among workers is needed.
 */
import type { Logger } from "pino";
import type { Db } from "../store/db.ts";
import { vacuumAndAnalyze } from "../store/maintenance.ts";
import type { WorkerJob } from "./worker.ts";

export function createEmbeddedMaintenanceJob(deps: { db: Db; everyMs: number; now: () => number; logger: Logger }): WorkerJob {
  let nextAtMs = deps.now();
  let running = false;
  return {
    name: "embedded-maintenance",
    async runOnce() {
      // Several lanes run jobs: one maintenance at a time.
      if (running || deps.now() < nextAtMs) return false;
      running = true;
      const startedMs = deps.now();
      try {
        await vacuumAndAnalyze(deps.db);
        deps.logger.info({ durationMs: deps.now() - startedMs }, "embedded database vacuumed and analysed");
      } finally {
        nextAtMs = deps.now() + deps.everyMs;
        running = false;
      }
      // Done, not more work waiting: the lane may sleep.
      return false;
    },
  };
}
