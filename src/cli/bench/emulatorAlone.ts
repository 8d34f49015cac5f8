/**
 * The stand-in's own capacity: event creates from the raw loop straight at an emulator with
 * no latency and no throttling, against the emulator process's CPU time. If the product's
 * figures come near this, they measure the emulator, not the product.
 */
import { join } from "node:path";
import { cpuSeconds } from "./procStats.ts";
import { round } from "./figures.ts";
import { rawCreates } from "./rawLoad.ts";
import { signInMailboxes } from "./signIns.ts";
import { startEmulatorProcess } from "./emulatorProcess.ts";
import { EMULATOR_CLIENT } from "../services.ts";
import { warmUpEmulator } from "./warmUp.ts";

export interface EmulatorAloneFigures {
  requests: number;
  requestsPerSec: number;
  /** Requests per second of the emulator's own CPU time: its capacity on one core. */
  requestsPerCpuSec: number;
  cpuUtilization: number;
}

export async function measureEmulatorAlone(input: { workDir: string; requests: number; concurrency: number }): Promise<EmulatorAloneFigures> {
  const emulator = await startEmulatorProcess({ latencyMs: 0, throttling: false, logFile: join(input.workDir, "emulator-alone.log") });
  try {
    const appUrl = "http://127.0.0.1:9";
    await emulator.control("POST", "/apps", { ...EMULATOR_CLIENT, redirectUris: [`${appUrl}/auth/microsoft/callback`] });
    // The figures are of a running server, not of its first compilations.
    await warmUpEmulator(emulator.url, appUrl);
    const mailboxes = await signInMailboxes(emulator.url, appUrl, Array.from({ length: 20 }, (_, i) => `alone-${i + 1}@outlook.test`));
    const accessTokens = mailboxes.map((m) => m.accessToken);
    const cpuBefore = cpuSeconds(emulator.pid);
    const run = await rawCreates({ graphBaseUrl: `${emulator.url}/v1.0`, accessTokens, requests: input.requests, concurrency: input.concurrency });
    const cpu = cpuSeconds(emulator.pid) - cpuBefore;
    return {
      requests: run.requests,
      requestsPerSec: round(run.requestsPerSec),
      requestsPerCpuSec: round(run.requests / cpu),
      cpuUtilization: round(cpu / run.seconds, 2),
    };
  } finally {
    await emulator.stop();
  }
}
