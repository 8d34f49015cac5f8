/**
 * S-SYNC-4/5/6: a short chaos run as part of every test run: real product processes, faults
 * injected into the emulator, SIGKILLs, a revoked consent; every mailbox must end exactly
 * as it should be. The long run is `npm run chaos` (see docs/operations.md).
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runChaos } from "../../../src/cli/chaos/runChaos.ts";

describe("chaos (short run)", () => {
  it("ends with every mailbox exactly as it should be", async () => {
    const summary = await runChaos(
      {
        seed: 7,
        mailboxes: 3,
        mutations: 40,
        workers: 2,
        kills: 2,
        databaseUrl: process.env.DATABASE_URL || undefined,
        workDir: join(tmpdir(), `careroom-chaos-test-${process.pid}`),
        quietTimeoutSec: 150,
      },
      () => undefined,
    );
    expect(summary.workerKills).toBe(2);
    expect(summary.consentRevocations).toBe(1);
    expect({
      missing: summary.missing,
      duplicates: summary.duplicates,
      orphans: summary.orphans,
      stale: summary.stale,
      foreignTouched: summary.foreignTouched,
    }).toEqual({ missing: 0, duplicates: 0, orphans: 0, stale: 0, foreignTouched: 0 });
    expect(summary.secondsToQuiet).not.toBeNull();
    expect(summary.peakInFlightPerMailbox).toBeLessThanOrEqual(4);
  }, 300_000);
});
