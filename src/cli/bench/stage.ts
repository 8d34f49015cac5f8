/**
 * One scenario's stage: its own emulator (with the scenario's latency, throttling on), a
 * scratch database seeded before the product starts, and the product's real processes:
 * on PGlite the all-in-one `start` (one process owns the data directory), on PostgreSQL
 * a web process (when wanted) and one worker process.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../../store/db.ts";
import { parseKeyring, type Keyring } from "../../store/secretBox.ts";
import { productEnv, startProductProcess, type ProductProcess } from "../chaos/processes.ts";
import { createScratchDatabase } from "../chaos/scratchDatabase.ts";
import { seedChaosOrganization, type ChaosPeople } from "../chaos/seedChaos.ts";
import { freePort } from "../freePort.ts";
import { EMULATOR_CLIENT } from "../services.ts";
import { startEmulatorProcess, type EmulatorProcess } from "./emulatorProcess.ts";
import { cpuSecondsIfAlive } from "./procStats.ts";
import { waitFor } from "./figures.ts";
import { warmUpEmulator } from "./warmUp.ts";

export interface StageOptions {
  name: string;
  databaseUrl: string | undefined;
  workDir: string;
  latencyMs: number;
  hosts: number;
  /** PostgreSQL only: start a web process beside the worker (PGlite's `start` always has one). */
  web: boolean;
  /** Directory for CPU profiles of the product processes (worker, and web on PostgreSQL), written when they stop. */
  cpuProfileDir?: string | undefined;
}

export interface SeedContext {
  db: Db;
  people: ChaosPeople;
  emulator: EmulatorProcess;
  appUrl: string;
  /** The keyring the product's processes will use: seal refresh tokens with it. */
  keyring: Keyring;
}

export interface Stage {
  emulator: EmulatorProcess;
  appUrl: string;
  people: ChaosPeople;
  /** Creates the emulator answered before the product started (its warm-up, warmUp.ts). */
  warmUpCreates: number;
  /** Events in every mailbox but the warm-up's. */
  productEventCount(): Promise<number>;
  /** The process doing the sync work (on PGlite also the web server and the database). */
  workerPid(): number | undefined;
  /**
   * CPU seconds used so far by the PostgreSQL server processes of the product's connections,
   * per process id; empty on PGlite, whose database work is the product process's own.
   */
  databaseCpu(): Promise<Map<number, number>>;
  close(): Promise<void>;
}

export async function openStage(options: StageOptions, seed: (context: SeedContext) => Promise<void>): Promise<Stage> {
  const dir = join(options.workDir, options.name);
  mkdirSync(dir, { recursive: true });
  const appUrl = `http://127.0.0.1:${await freePort()}`;
  const emulator = await startEmulatorProcess({ latencyMs: options.latencyMs, throttling: true, logFile: join(dir, "emulator.log") });
  const processes: ProductProcess[] = [];
  let drop: () => Promise<void> = async () => undefined;
  const close = async () => {
    for (const process of processes.reverse()) await process.stop().catch(() => undefined);
    await emulator.stop();
    await drop();
  };
  try {
    await emulator.control("POST", "/apps", { ...EMULATOR_CLIENT, redirectUris: [`${appUrl}/auth/microsoft/callback`] });
    const warmUp = await warmUpEmulator(emulator.url, appUrl);
    const scratch = await createScratchDatabase({ databaseUrl: options.databaseUrl, workDir: dir, namePrefix: `careroom_bench_${options.name}` });
    drop = scratch.drop;
    const env = { ...productEnv(appUrl, emulator.url), ...scratch.env };
    const keyring = parseKeyring(env.TOKEN_ENCRYPTION_KEYS!);
    const people = await seedChaosOrganization(scratch.database.db, options.hosts);
    await seed({ db: scratch.database.db, people, emulator, appUrl, keyring });
    await scratch.database.close();

    const logFile = join(dir, "product.log");
    const nodeArgs = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
    if (scratch.kind === "pglite") {
      processes.push(await startProductProcess({ entry: "start", env, readyUrl: appUrl, logFile, nodeArgs }));
    } else {
      if (options.web) processes.push(await startProductProcess({ entry: "web", env, readyUrl: appUrl, logFile, nodeArgs }));
      processes.push(await startProductProcess({ entry: "worker", env, logFile, nodeArgs }));
    }
    const worker = processes[processes.length - 1]!;
    // The worker has no address to ask; until it listens, a scenario's first change would
    // wait for its start-up (about a second), which no figure should count.
    if (!(await waitFor(() => scratch.workerListening(), 60_000))) throw new Error("the sync worker did not start within a minute");
    const databaseCpu = async () => {
      const cpu = new Map<number, number>();
      for (const pid of await scratch.backendPids()) {
        const seconds = cpuSecondsIfAlive(pid);
        if (seconds !== undefined) cpu.set(pid, seconds);
      }
      return cpu;
    };
    const productEventCount = async () =>
      (await emulator.mailboxes()).reduce((sum, mailbox) => (warmUp.mailboxes.has(mailbox.address) ? sum : sum + mailbox.eventCount), 0);
    return { emulator, appUrl, people, warmUpCreates: warmUp.creates, productEventCount, workerPid: () => worker.pid, databaseCpu, close };
  } catch (thrown) {
    await close();
    throw thrown;
  }
}
