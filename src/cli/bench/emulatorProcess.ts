/**
 * The Microsoft emulator in a process of its own, as the benchmark runs it: the product's
 * processes and the benchmark's own load generator then never share a thread with it, and
 * its CPU time can be read on its own.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { fileURLToPath } from "node:url";
import type { StatsSnapshot } from "microsoft-emulator";
import { control } from "../chaos/emulatorControl.ts";
import { signalChild } from "../chaos/processes.ts";
import { freePort } from "../freePort.ts";
import { undoOnSignal } from "../undoOnSignal.ts";
import { waitFor } from "./figures.ts";

export interface EmulatorProcess {
  readonly url: string;
  readonly pid: number;
  control(method: string, path: string, body?: unknown): Promise<Response>;
  stats(): Promise<StatsSnapshot>;
  /** Every mailbox with its event count. */
  mailboxes(): Promise<Array<{ address: string; eventCount: number }>>;
  stop(): Promise<void>;
}

const CLI = fileURLToPath(new URL("./cli.ts", import.meta.resolve("microsoft-emulator")));

export async function startEmulatorProcess(options: { latencyMs: number; throttling: boolean; logFile: string }): Promise<EmulatorProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = ["--import", "tsx", CLI, "--port", String(port), "--latency-ms", String(options.latencyMs), "--quiet"];
  if (!options.throttling) args.push("--no-throttling");
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  const log = createWriteStream(options.logFile, { flags: "a" });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const up = await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`the emulator exited with code ${child.exitCode}`);
    return fetch(`${url}/_emulator/stats`).then((r) => r.ok, () => false);
  }, 30_000);
  if (!up || child.pid === undefined) throw new Error("the emulator did not start within 30 s");
  const pid = child.pid;
  const call = (method: string, path: string, body?: unknown) => control(url, method, path, body);
  const stop = async () => {
    forget();
    await signalChild(child, "SIGTERM");
  };
  const forget = undoOnSignal(stop);
  return {
    url,
    pid,
    control: call,
    async stats() {
      return (await (await call("GET", "/stats")).json()) as StatsSnapshot;
    },
    async mailboxes() {
      return ((await (await call("GET", "/mailboxes")).json()) as { value: Array<{ address: string; eventCount: number }> }).value;
    },
    stop,
  };
}

/** How many Graph requests of `route` (e.g. "POST /v1.0/me/events") were answered with `status`. */
export function answered(stats: StatsSnapshot, route: string, status: string): number {
  return stats.requests[route]?.[status] ?? 0;
}

/** Every Graph request answered so far, whatever its route and status. */
export function graphRequests(stats: StatsSnapshot): number {
  let total = 0;
  for (const [route, byStatus] of Object.entries(stats.requests)) {
    if (!route.includes(" /v1.0")) continue;
    for (const count of Object.values(byStatus)) total += count;
  }
  return total;
}
