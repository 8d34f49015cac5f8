/**
 * The worker's lanes against a real database: an idle worker asks for work once per poll
 * interval, not once per lane, and work that turns up still spreads over several lanes.
 * Counted through a job, which every turn that finds no link runs; no duration is asserted.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/store/db.ts";
import { createSyncWorker, type WorkerJob } from "../../../src/sync/worker.ts";
import { createTestDatabase } from "../../support/database.ts";
import { eventually } from "../../support/eventually.ts";

const LANES = 8;
const POLL_MS = 40;

describe("the sync worker's lanes", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  function workerWith(job: WorkerJob) {
    return createSyncWorker({
      database,
      lanes: LANES,
      pollMs: POLL_MS,
      jobs: [job],
      reconciler: {
        providerFor: () => {
          throw new Error("no calendar link exists in this test");
        },
        eventContext: { productName: "CareRoom", appUrl: "http://localhost:3000" },
        logger: pino({ level: "silent" }),
        leaseSec: 60,
        reconcileEverySec: 3600,
        now: () => new Date(),
        random: Math.random,
      },
    });
  }

  it("polls with one lane while idle", async () => {
    let idleTurns = 0;
    const worker = workerWith({ name: "count", runOnce: async () => (idleTurns++, false) });
    await worker.start();
    // Twenty poll intervals: every lane's first turn, then about one turn per interval. Eight
    // polling lanes made eight per interval (about 170 here); a slower machine makes fewer, never more.
    await new Promise((resolve) => setTimeout(resolve, 20 * POLL_MS));
    await worker.stop();
    expect(idleTurns).toBeGreaterThanOrEqual(LANES);
    expect(idleTurns).toBeLessThanOrEqual(LANES + 25);
  });

  it("spreads work that turns up later over several lanes", async () => {
    let left = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    const worker = workerWith({
      name: "work",
      runOnce: async () => {
        if (left === 0) return false;
        left--;
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return true;
      },
    });
    await worker.start();
    // Every lane's first turn found nothing; the lanes but the poller now sleep.
    await new Promise((resolve) => setTimeout(resolve, 3 * POLL_MS));
    left = 40;
    await eventually("the work to be done", async () => (left === 0 && inFlight === 0 ? true : undefined), 5_000);
    await worker.stop();
    expect(left).toBe(0);
    expect(mostInFlight).toBeGreaterThan(1);
  });
});
