/** The benchmark's figures as JSON keys and as a table beside the targets of issue 8. */
import type { EmulatorAloneFigures } from "./emulatorAlone.ts";
import type { LatencySummary } from "./figures.ts";
import type { InitialCopyFigures } from "./initialCopy.ts";
import type { MemoryFigures } from "./memory.ts";
import type { ThroughputFigures } from "./workerThroughput.ts";
import type { CalendarRangeFigures } from "./calendarRange.ts";

export interface BenchReport {
  database: "pglite" | "postgres";
  machine: { cpus: number; cpuModel: string; node: string };
  date: string;
  quick: boolean;
  latencyMs: number;
  initialCopy?: InitialCopyFigures;
  propagation?: LatencySummary & { mailboxes: number; changes: number; acknowledged: number };
  api?: LatencySummary;
  calendarRange?: CalendarRangeFigures;
  workerThroughput?: ThroughputFigures;
  memory?: MemoryFigures;
  emulatorAlone?: EmulatorAloneFigures;
}

interface Row {
  figure: string;
  value: number | undefined;
  unit: string;
  target?: { atLeast?: number; atMost?: number };
}

export function formatTable(report: BenchReport): string {
  const rows: Row[] = [
    { figure: "initialCopy.seconds", value: report.initialCopy?.seconds, unit: "s" },
    { figure: "initialCopy.ceilingSeconds", value: report.initialCopy?.ceilingSeconds, unit: "s" },
    { figure: "initialCopy.ceilingRatio", value: report.initialCopy?.ceilingRatio, unit: "", target: { atLeast: 0.9 } },
    { figure: "initialCopy.rawCeilingRatio", value: report.initialCopy?.rawCeilingRatio, unit: "" },
    { figure: "propagation.p50Ms", value: report.propagation?.p50Ms, unit: "ms", target: { atMost: 150 } },
    { figure: "propagation.p99Ms", value: report.propagation?.p99Ms, unit: "ms", target: { atMost: 500 } },
    { figure: "propagation.maxMs", value: report.propagation?.maxMs, unit: "ms" },
    { figure: "api.p50Ms", value: report.api?.p50Ms, unit: "ms" },
    { figure: "api.p99Ms", value: report.api?.p99Ms, unit: "ms", target: { atMost: 30 } },
    { figure: "calendarRange.p50Ms", value: report.calendarRange?.p50Ms, unit: "ms" },
    { figure: "calendarRange.p99Ms", value: report.calendarRange?.p99Ms, unit: "ms", target: { atMost: 25 } },
    { figure: "workerThroughput.opsPerSec", value: report.workerThroughput?.opsPerSec, unit: "/s" },
    { figure: "workerThroughput.rawOpsPerSec", value: report.workerThroughput?.rawOpsPerSec, unit: "/s" },
    { figure: "workerThroughput.ratioToRaw", value: report.workerThroughput?.ratioToRaw, unit: "", target: { atLeast: 0.5 } },
    { figure: "workerThroughput.workerCpuMsPerOp", value: report.workerThroughput?.workerCpuMsPerOp, unit: "ms" },
    { figure: "workerThroughput.databaseCpuMsPerOp", value: report.workerThroughput?.databaseCpuMsPerOp, unit: "ms" },
    { figure: "workerThroughput.emulatorCpuMsPerOp", value: report.workerThroughput?.emulatorCpuMsPerOp, unit: "ms" },
    { figure: "workerThroughput.rawEmulatorCpuMsPerOp", value: report.workerThroughput?.rawEmulatorCpuMsPerOp, unit: "ms" },
    { figure: "memory.workerRssMb", value: report.memory?.workerRssMb, unit: "MB", target: { atMost: 300 } },
    { figure: "emulatorAlone.requestsPerSec", value: report.emulatorAlone?.requestsPerSec, unit: "/s" },
    { figure: "emulatorAlone.requestsPerCpuSec", value: report.emulatorAlone?.requestsPerCpuSec, unit: "/s" },
  ];
  const lines = [`CareRoom benchmark on ${report.database}${report.quick ? " (quick sizes)" : ""}, ${report.machine.cpus} cores, ${report.date}`];
  lines.push(`${"figure".padEnd(34)}${"value".padStart(12)}  ${"target".padEnd(10)}verdict`);
  for (const row of rows) {
    if (row.value === undefined) continue;
    const target = row.target?.atLeast !== undefined ? `>= ${row.target.atLeast}` : row.target?.atMost !== undefined ? `<= ${row.target.atMost}` : "";
    const met = row.target === undefined
      ? ""
      : (row.target.atLeast === undefined || row.value >= row.target.atLeast) && (row.target.atMost === undefined || row.value <= row.target.atMost)
        ? "met"
        : "missed";
    lines.push(`${row.figure.padEnd(34)}${`${row.value} ${row.unit}`.padStart(12)}  ${target.padEnd(10)}${met}`);
  }
  return lines.join("\n");
}
