/** Latency summaries and small numeric helpers shared by the scenarios. */

export interface LatencySummary {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  count: number;
}

/** Nearest-rank percentiles, rounded to 0.1 ms. */
export function summarize(samplesMs: readonly number[]): LatencySummary {
  if (samplesMs.length === 0) return { p50Ms: Number.NaN, p99Ms: Number.NaN, maxMs: Number.NaN, count: 0 };
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  return { p50Ms: round(rank(0.5)), p99Ms: round(rank(0.99)), maxMs: round(sorted[sorted.length - 1]!), count: sorted.length };
}

export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it answers true or `timeoutMs` passes; false on timeout. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(everyMs);
  }
  return check();
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  });
  await Promise.all(lanes);
}
