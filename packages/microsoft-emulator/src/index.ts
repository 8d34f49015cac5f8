// The package's programmatic entry point: start an emulator on a port, learn its URL and the
// MSAL settings that point at it, and close it again.
import { buildEmulator, type EmulatorOptions } from "./server.ts";
import { msalAuthorityOptions } from "./identity/metadata.ts";
import type { StatsSnapshot } from "./stats.ts";

export type { AppRegistration, EmulatorLogger, EmulatorOptions } from "./server.ts";
export type { ThrottlingOptions } from "./throttle.ts";
export type { LatencyRange } from "./latency.ts";
export type { FaultSpec } from "./faults.ts";
export type { StatsSnapshot } from "./stats.ts";
export { DEMO_MAILBOXES } from "./store.ts";
export { driveSignIn } from "./signInDriver.ts";

export interface MsalAuthorityOptions {
  authority: string;
  knownAuthorities: string[];
  authorityMetadata: string;
  cloudDiscoveryMetadata: string;
}

export interface RunningEmulator {
  /** "http://127.0.0.1:PORT" (or publicUrl). */
  readonly url: string;
  readonly port: number;
  /** Authority settings for @azure/msal-node's `auth` block (tenant defaults to "common"). */
  msalAuthority(tenant?: string): MsalAuthorityOptions;
  /** Statistics as GET /_emulator/stats returns them. */
  stats(): StatsSnapshot;
  /** Waits until every change notification sent so far has been answered (or failed). */
  settleNotifications(): Promise<void>;
  /** Stops listening, cancels notification retries and writes the state file one last time. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const built = await buildEmulator(options);
  const host = options.host ?? "127.0.0.1";
  await built.app.listen({ port: options.port ?? 0, host });
  const address = built.app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : (options.port ?? 0);
  const urlHost = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  const url = (options.publicUrl ?? `http://${urlHost}:${port}`).replace(/\/+$/, "");
  built.setBaseUrl(url);
  return {
    url,
    port,
    msalAuthority: (tenant) => msalAuthorityOptions(url, tenant),
    stats: () => built.context.stats.snapshot(),
    settleNotifications: () => built.context.notifier.settle(),
    close: () => built.shutdown(),
  };
}
