// Outlook's per-app-per-mailbox limits: at most N requests in flight (429 ApplicationThrottled)
// and at most M requests in a rolling window (429 TooManyRequests), with a Retry-After to honour.
import type { Clock } from "./clock.ts";

export interface ThrottlingOptions {
  /** On unless set to false. */
  enabled?: boolean;
  /** Requests one app may have in flight against one mailbox (Outlook: 4). */
  concurrentRequests?: number;
  /** Requests one app may make against one mailbox per window (Outlook: 10,000). */
  requestsPerWindow?: number;
  /** The rolling window, in ms (Outlook: 10 minutes). */
  windowMs?: number;
}

export type Admission =
  | { admitted: true; release: () => void }
  | { admitted: false; code: "ApplicationThrottled" | "TooManyRequests"; message: string; retryAfterSeconds: number };

interface Lane {
  inFlight: number;
  /** Start times (ms) of the requests inside the window, oldest first. */
  recent: number[];
}

export class Throttle {
  private readonly lanes = new Map<string, Lane>();
  private readonly enabled: boolean;
  private readonly concurrent: number;
  private readonly perWindow: number;
  private readonly windowMs: number;

  constructor(
    options: ThrottlingOptions,
    private readonly clock: Clock,
    private readonly onInFlight: (mailbox: string, inFlight: number) => void,
  ) {
    this.enabled = options.enabled ?? true;
    this.concurrent = options.concurrentRequests ?? 4;
    this.perWindow = options.requestsPerWindow ?? 10_000;
    this.windowMs = options.windowMs ?? 600_000;
  }

  admit(clientId: string, mailbox: string): Admission {
    const key = `${clientId}\u0000${mailbox}`;
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { inFlight: 0, recent: [] };
      this.lanes.set(key, lane);
    }
    const now = this.clock.now();
    while (lane.recent.length > 0 && (lane.recent[0] ?? now) <= now - this.windowMs) lane.recent.shift();
    if (this.enabled && lane.inFlight >= this.concurrent) {
      return { admitted: false, code: "ApplicationThrottled", message: "Application is over its MailboxConcurrency limit.", retryAfterSeconds: 1 };
    }
    if (this.enabled && lane.recent.length >= this.perWindow) {
      const oldest = lane.recent[0] ?? now;
      const wait = Math.max(0.001, (oldest + this.windowMs - now) / 1000);
      return { admitted: false, code: "TooManyRequests", message: "Please retry again later.", retryAfterSeconds: Math.round(wait * 1000) / 1000 };
    }
    lane.recent.push(now);
    lane.inFlight++;
    this.onInFlight(mailbox, lane.inFlight);
    const admitted = lane;
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        admitted.inFlight--;
      },
    };
  }

  reset(): void {
    this.lanes.clear();
  }
}
