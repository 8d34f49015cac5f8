/** What the kernel says about a process (Linux /proc): resident memory and CPU time used. */
import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux this runs on. */
const TICKS_PER_SEC = 100;

export function rssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** User plus system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start at state, the 3rd field.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC;
}

/** As cpuSeconds, or undefined for a process that has gone (a server process whose connection closed). */
export function cpuSecondsIfAlive(pid: number): number | undefined {
  try {
    return cpuSeconds(pid);
  } catch {
    return undefined;
  }
}

/** CPU seconds used between two samples of several processes; a process new in the second counts from zero. */
export function cpuBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let seconds = 0;
  for (const [pid, cpu] of after) seconds += cpu - (before.get(pid) ?? 0);
  return seconds;
}

/** Samples a process's RSS until stopped; the peak and the last sample. */
export function watchRss(pid: () => number | undefined, everyMs = 250): { stop(): { peakMb: number; lastMb: number } } {
  let peakMb = 0;
  let lastMb = 0;
  const sample = () => {
    const id = pid();
    const mb = id === undefined ? undefined : rssMb(id);
    if (mb === undefined) return;
    lastMb = mb;
    peakMb = Math.max(peakMb, mb);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakMb, lastMb };
    },
  };
}
