/**
 * The worker job that keeps every active series materialised up to its organization's
 * horizon: each turn claims a batch of due series (skipping those another worker holds).
 */
import type { Db } from "../store/db.ts";
import { materializeDueSeries } from "../store/series/materializeDue.ts";
import type { WorkerJob } from "./worker.ts";

export function createMaterializeJob(deps: { db: Db; now: () => Date }): WorkerJob {
  return {
    name: "materialize-series",
    runOnce: async () => (await materializeDueSeries(deps.db, deps.now())) > 0,
  };
}
