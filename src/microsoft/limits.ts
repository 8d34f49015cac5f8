/**
 * Microsoft's per-mailbox limits, obeyed on our side so we are rarely throttled: at most
 * 4 requests in flight and 10,000 per rolling 10 minutes. Applied as a wrapper around a
 * CalendarProvider, so the provider and the reconciler stay unaware of it.
 */
import type { CalendarProvider, RemoteOwnEvent } from "../domain/provider.ts";

export interface MailboxLimits {
  maxInFlight: number;
  maxPerWindow: number;
  windowMs: number;
}

export const OUTLOOK_LIMITS: MailboxLimits = { maxInFlight: 4, maxPerWindow: 10_000, windowMs: 10 * 60_000 };

export interface MailboxLimiter {
  run<T>(call: () => Promise<T>): Promise<T>;
  /** Requests currently in flight; exposed for metrics and tests. */
  inFlight(): number;
}

export function createMailboxLimiter(limits: MailboxLimits, now: () => number = Date.now): MailboxLimiter {
  let active = 0;
  const waiting: Array<() => void> = [];
  /** Start times inside the window, oldest first; bounded by maxPerWindow. */
  const started: number[] = [];

  async function acquire(): Promise<void> {
    while (active >= limits.maxInFlight) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    active++;
    for (;;) {
      const cutoff = now() - limits.windowMs;
      while (started.length > 0 && started[0]! <= cutoff) started.shift();
      if (started.length < limits.maxPerWindow) break;
      await sleep(started[0]! - cutoff);
    }
    started.push(now());
  }

  function release(): void {
    active--;
    waiting.shift()?.();
  }

  return {
    async run(call) {
      await acquire();
      try {
        return await call();
      } finally {
        release();
      }
    },
    inFlight: () => active,
  };
}

export function limitedProvider(provider: CalendarProvider, limiter: MailboxLimiter): CalendarProvider {
  return {
    createEvent: (draft, transactionId) => limiter.run(() => provider.createEvent(draft, transactionId)),
    updateEvent: (id, draft) => limiter.run(() => provider.updateEvent(id, draft)),
    deleteEvent: (id) => limiter.run(() => provider.deleteEvent(id)),
    findEventsBySession: (sessionId) => limiter.run(() => provider.findEventsBySession(sessionId)),
    async *listOwnEvents(): AsyncIterable<RemoteOwnEvent[]> {
      const pages = provider.listOwnEvents()[Symbol.asyncIterator]();
      for (;;) {
        const page = await limiter.run(() => pages.next());
        if (page.done) return;
        yield page.value;
      }
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(1, ms)));
}
