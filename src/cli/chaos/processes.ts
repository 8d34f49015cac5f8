/**
 * The product's processes as a chaos run drives them: its real commands, compiled as
 * `npm start` runs them (built fresh from the sources first), killed with SIGKILL (no chance
 * to clean up, as in a crash) and started again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { buildServerOnce, builtCommandArgs } from "../../build/serverBuild.ts";
import { undoOnSignal } from "../undoOnSignal.ts";

export type Entry = "start" | "web" | "worker";

export interface ProductProcess {
  readonly entry: Entry;
  /** The running process's id (changes on restart); undefined while it is down. */
  readonly pid: number | undefined;
  /** SIGKILL, then wait until it is gone. */
  kill(): Promise<void>;
  /** Start it again (after a kill); resolves when it answers, for web servers. */
  restart(): Promise<void>;
  /** A polite SIGTERM at the end of the run. */
  stop(): Promise<void>;
}

export async function startProductProcess(options: {
  entry: Entry;
  env: Record<string, string>;
  /** For web servers: the address whose /readyz must answer 200 before the process counts as up. */
  readyUrl?: string;
  logFile: string;
  /** Extra Node.js options, e.g. --cpu-prof for a profile written when the process stops. */
  nodeArgs?: readonly string[];
}): Promise<ProductProcess> {
  await buildServerOnce();
  const log: WriteStream = createWriteStream(options.logFile, { flags: "a" });
  let child: ChildProcess | undefined;

  async function launch(): Promise<void> {
    child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...builtCommandArgs(options.entry)], {
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    if (options.readyUrl) await waitUntilReady(options.readyUrl, child);
  }

  const terminate = (signal: NodeJS.Signals) => signalChild(child, signal);

  await launch();
  const forget = undoOnSignal(() => terminate("SIGTERM"));
  return {
    entry: options.entry,
    get pid() {
      return child?.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    kill: () => terminate("SIGKILL"),
    restart: launch,
    async stop() {
      forget();
      await terminate("SIGTERM");
      log.end();
    },
  };
}

/** Sends `signal` to a child that is still running and waits until it has exited. */
export async function signalChild(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  await exited;
}

async function waitUntilReady(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the product process exited with code ${child.exitCode} while starting`);
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the product at ${baseUrl} did not become ready within a minute`);
}

/** What every product process of a run is told: where it listens, where Microsoft is, quiet logs. */
export function productEnv(appUrl: string, emulatorUrl: string): Record<string, string> {
  return {
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: new URL(appUrl).port,
    APP_URL: appUrl,
    EMULATOR_URL: emulatorUrl,
    SEED_DEMO: "no",
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
    TOKEN_ENCRYPTION_KEYS: `run:${randomBytes(32).toString("base64")}`,
  };
}
