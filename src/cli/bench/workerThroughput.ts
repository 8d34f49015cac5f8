/**
 * How fast one worker process turns dirty mirror items into Graph writes with Microsoft's
 * latency taken away (emulator latency 0, throttling on), beside the raw loop sending the
 * same creates to the same emulator in the same run. The ratio is the product's overhead:
 * claims, plans, token handling, limiter, records.
 */
import { round, sleep } from "./figures.ts";
import { cpuBetween, cpuSeconds } from "./procStats.ts";
import { rawCreates } from "./rawLoad.ts";
import { seedLinkedHosts } from "./seedLoad.ts";
import type { SignedInMailbox } from "./signIns.ts";
import { answered } from "./emulatorProcess.ts";
import { openStage, type StageOptions } from "./stage.ts";

export interface ThroughputFigures {
  mailboxes: number;
  operations: number;
  seconds: number;
  opsPerSec: number;
  rawOpsPerSec: number;
  ratioToRaw: number;
  throttled: number;
  /** CPU milliseconds per Graph write: the worker's, and the emulator's while serving it and the raw loop. */
  workerCpuMsPerOp: number;
  /** PostgreSQL's server processes for the worker's connections (absent on PGlite: it is in the worker's figure). */
  databaseCpuMsPerOp?: number;
  emulatorCpuMsPerOp: number;
  rawEmulatorCpuMsPerOp: number;
}

/** The worker's lanes (8) times Microsoft's 4 in flight: the most it can have outstanding. */
const WORKER_IN_FLIGHT = 32;
const CREATED = "POST /v1.0/me/events";

export async function measureWorkerThroughput(
  stageOptions: Omit<StageOptions, "name" | "latencyMs" | "hosts" | "web">,
  input: { mailboxes: number; itemsPerMailbox: number; timeoutSec: number },
): Promise<ThroughputFigures> {
  let signedIn: SignedInMailbox[] = [];
  const stage = await openStage({ ...stageOptions, name: "throughput", latencyMs: 0, hosts: input.mailboxes, web: false }, async (context) => {
    ({ signedIn } = await seedLinkedHosts(context, { sessionsPerHost: input.itemsPerMailbox, spacingMin: 60, dirtyPerLink: input.itemsPerMailbox }));
  });
  try {
    const target = input.mailboxes * input.itemsPerMailbox;
    const deadline = Date.now() + input.timeoutSec * 1000;
    interface Sample {
      atMs: number;
      count: number;
      workerCpu: number;
      emulatorCpu: number;
      databaseCpu: Map<number, number>;
    }
    let first: Sample | undefined;
    let last: Sample = { atMs: Date.now(), count: 0, workerCpu: 0, emulatorCpu: 0, databaseCpu: new Map() };
    const workerPid = stage.workerPid();
    if (workerPid === undefined) throw new Error("the worker process is not running");
    // Timed from the first write seen, so the worker's start-up is not counted against it.
    while (last.count < target && Date.now() < deadline) {
      await sleep(100);
      const count = answered(await stage.emulator.stats(), CREATED, "201") - stage.warmUpCreates;
      last = {
        atMs: performance.now(),
        count,
        workerCpu: cpuSeconds(workerPid),
        emulatorCpu: cpuSeconds(stage.emulator.pid),
        databaseCpu: await stage.databaseCpu(),
      };
      if (!first && count > 0) first = last;
    }
    const stats = await stage.emulator.stats();
    const seconds = first && last.count > first.count ? (last.atMs - first.atMs) / 1000 : Number.NaN;
    const opsPerSec = first ? (last.count - first.count) / seconds : 0;
    const rawEmulatorCpuBefore = cpuSeconds(stage.emulator.pid);
    const raw = await rawCreates({
      graphBaseUrl: `${stage.emulator.url}/v1.0`,
      accessTokens: signedIn.map((m) => m.accessToken),
      requests: target,
      concurrency: WORKER_IN_FLIGHT,
    });
    const rawEmulatorCpu = cpuSeconds(stage.emulator.pid) - rawEmulatorCpuBefore;
    const operations = first ? last.count - first.count : 0;
    const perOp = (cpuSec: number, ops: number) => (ops > 0 ? round((cpuSec * 1000) / ops, 2) : Number.NaN);
    return {
      mailboxes: input.mailboxes,
      operations: last.count,
      seconds: round(seconds, 2),
      opsPerSec: round(opsPerSec),
      rawOpsPerSec: round(raw.requestsPerSec),
      ratioToRaw: round(opsPerSec / raw.requestsPerSec, 2),
      throttled: Object.values(stats.throttled).reduce((sum, n) => sum + n, 0),
      workerCpuMsPerOp: perOp(first ? last.workerCpu - first.workerCpu : 0, operations),
      ...(last.databaseCpu.size > 0 ? { databaseCpuMsPerOp: perOp(first ? cpuBetween(first.databaseCpu, last.databaseCpu) : 0, operations) } : {}),
      emulatorCpuMsPerOp: perOp(first ? last.emulatorCpu - first.emulatorCpu : 0, operations),
      rawEmulatorCpuMsPerOp: perOp(rawEmulatorCpu, target),
    };
  } finally {
    await stage.close();
  }
}
