// What every route module of one emulator instance shares: state, time, signing keys, the
// mailbox operations, limits and counters. Passed explicitly so instances never share anything.
import type { Clock } from "./clock.ts";
import type { TokenSigner } from "./identity/signer.ts";
import type { Store } from "./store.ts";
import type { CalendarOperations } from "./calendarOperations.ts";
import type { Throttle } from "./throttle.ts";
import type { Stats } from "./stats.ts";
import type { Faults } from "./faults.ts";
import type { Notifier } from "./notifier.ts";
import type { LatencyRange } from "./latency.ts";

export interface EmulatorContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly signer: TokenSigner;
  readonly operations: CalendarOperations;
  readonly throttle: Throttle;
  readonly stats: Stats;
  readonly faults: Faults;
  readonly notifier: Notifier;
  /** The emulator's own origin, e.g. "http://127.0.0.1:4010" (known once listening). */
  baseUrl(): string;
  /** Extra latency added to every Graph and token request (benchmarks). */
  readonly latency: LatencyRange;
  readonly accessTokenTtlSec: number;
  readonly refreshTokenTtlSec: number;
  /** Marks requests the emulator makes to itself ($batch items) so they are not mistaken for client connections. */
  readonly internalRequestSecret: string;
}
