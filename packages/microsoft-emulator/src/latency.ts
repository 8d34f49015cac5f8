// Artificial latency for benchmarks: a fixed delay ("50") or a uniformly random one ("20-80").

export interface LatencyRange {
  min: number;
  max: number;
}

export function parseLatency(value: number | string | LatencyRange | undefined): LatencyRange {
  if (value === undefined) return { min: 0, max: 0 };
  if (typeof value === "number") return { min: value, max: value };
  if (typeof value === "object") return value;
  const match = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(value);
  if (!match?.[1]) throw new Error(`Latency must be a number of ms or a range like 20-80, not '${value}'`);
  const min = Number(match[1]);
  const max = match[2] !== undefined ? Number(match[2]) : min;
  if (max < min) throw new Error(`Latency range ${value} ends before it starts`);
  return { min, max };
}

export function pickDelay(range: LatencyRange, random: () => number = Math.random): number {
  return range.min + Math.floor(random() * (range.max - range.min + 1));
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
