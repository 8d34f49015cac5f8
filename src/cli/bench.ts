/**
 * `npm run bench`: the product measured against Microsoft's limits and this machine's,
 * scenario by scenario, each on its own emulator, scratch database and product processes.
 * Prints a table and, with --json, writes the figures. Figures only: nothing here passes or
 * fails a build.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { measureCalendarRange } from "./bench/calendarRange.ts";
import { measureEmulatorAlone } from "./bench/emulatorAlone.ts";
import { measureInitialCopy, seedCopySessions } from "./bench/initialCopy.ts";
import { measureMemory } from "./bench/memory.ts";
import { measurePropagation } from "./bench/propagation.ts";
import { formatTable, type BenchReport } from "./bench/report.ts";
import { openStage } from "./bench/stage.ts";
import { measureWorkerThroughput } from "./bench/workerThroughput.ts";

const HELP = `Usage: npm run bench -- [options]

Scenarios (all by default; --only copy,propagation,calendar,throughput,memory,emulator):
  copy         one mailbox holding --copy-sessions sessions linked through the real flow
  propagation  --mailboxes linked mailboxes, --rate session changes per second for --duration s
               (also the API's latency under that load)
  calendar     the calendar API for a month of 500 sessions, --outlook-events events, a series
  throughput   one worker, --throughput-mailboxes mailboxes x --throughput-items items, latency 0
  memory       the worker's RSS with --memory-links links and --memory-items mirror items
  emulator     the emulator alone: --emulator-requests creates, requests per second on one core

Options:
  --quick                  Small sizes for a quick look (about two minutes)
  --latency-ms <ms>        Emulator latency for copy, propagation and calendar (default 50)
  --copy-sessions <n>      (default 1000; quick 200)
  --mailboxes <n>          (default 200; quick 20)
  --rate <n>               (default 50; quick 20)
  --duration <s>           (default 60; quick 10)
  --outlook-events <n>     (default 500; quick 100)
  --range-requests <n>     (default 1000; quick 50)
  --throughput-mailboxes <n> (default 1000; quick 100)
  --throughput-items <n>   (default 10; quick 10)
  --memory-links <n>       (default 10000; quick 1000)
  --memory-items <n>       (default 100000; quick 10000)
  --emulator-requests <n>  (default 20000; quick 3000)
  --cpu-prof <dir>         Write CPU profiles of the product processes (copy, calendar, throughput) here
  --json <file>            Also write the figures as JSON
  --help                   Show this text

Runs on the embedded database (PGlite) unless DATABASE_URL is set; then each scenario gets a
fresh database on that server, dropped afterwards. Logs of the emulator and the product stay
in the work directory printed at the start; BENCH_LOG_LEVEL=info keeps the product's request
log there too (default warn).
`;

const SIZES = {
  "copy-sessions": [1000, 200],
  mailboxes: [200, 20],
  rate: [50, 20],
  duration: [60, 10],
  "outlook-events": [500, 100],
  "range-requests": [1000, 50],
  "throughput-mailboxes": [1000, 100],
  "throughput-items": [10, 10],
  "memory-links": [10_000, 1000],
  "memory-items": [100_000, 10_000],
  "emulator-requests": [20_000, 3000],
} as const satisfies Record<string, readonly [number, number]>;
type SizeName = keyof typeof SIZES;
const SCENARIOS = ["copy", "propagation", "calendar", "throughput", "memory", "emulator"] as const;

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    "latency-ms": { type: "string", default: "50" },
    "cpu-prof": { type: "string" },
    json: { type: "string" },
    help: { type: "boolean", default: false },
    ...Object.fromEntries(Object.keys(SIZES).map((name) => [name, { type: "string" as const }])),
  },
  strict: true,
});

function whole(name: string, value: unknown, min: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    process.stderr.write(`--${name} must be a whole number of at least ${min}, not '${String(value)}'\n`);
    process.exit(2);
  }
  return parsed;
}

function size(name: SizeName): number {
  const given: unknown = (values as Record<string, unknown>)[name];
  return given === undefined ? SIZES[name][values.quick ? 1 : 0] : whole(name, given, 1);
}

if (values.help) {
  process.stdout.write(HELP);
} else {
  const only = new Set((values.only ?? SCENARIOS.join(",")).split(",").map((s) => s.trim()));
  for (const name of only) {
    if (!(SCENARIOS as readonly string[]).includes(name)) {
      process.stderr.write(`unknown scenario '${name}'; choose from ${SCENARIOS.join(", ")}\n`);
      process.exit(2);
    }
  }
  const latencyMs = whole("latency-ms", values["latency-ms"], 0);
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const workDir = join(tmpdir(), `careroom-bench-${process.pid}`);
  mkdirSync(workDir, { recursive: true });
  const cpuProfileDir = values["cpu-prof"];
  if (cpuProfileDir) mkdirSync(cpuProfileDir, { recursive: true });
  const progress = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  progress(`work directory (logs): ${workDir}`);
  const report: BenchReport = {
    database: databaseUrl ? "postgres" : "pglite",
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", node: process.version },
    date: new Date().toISOString(),
    quick: values.quick,
    latencyMs,
  };

  if (only.has("copy") || only.has("calendar")) {
    const sessions = size("copy-sessions");
    progress(`copy: one mailbox, ${sessions} sessions, ${latencyMs} ms latency`);
    const stage = await openStage({ name: "copy", databaseUrl, workDir, latencyMs, hosts: 1, web: true, cpuProfileDir }, (context) => seedCopySessions(context, sessions));
    try {
      const copy = await measureInitialCopy(stage, { sessions, latencyMs, timeoutSec: 600 });
      if (only.has("copy")) report.initialCopy = copy;
      if (only.has("calendar")) {
        progress("calendar: reading a month back and timing the calendar API");
        report.calendarRange = await measureCalendarRange(stage, { outlookEvents: size("outlook-events"), requests: size("range-requests") });
      }
    } finally {
      await stage.close();
    }
  }
  if (only.has("propagation")) {
    const mailboxes = size("mailboxes");
    progress(`propagation: ${mailboxes} mailboxes, ${size("rate")} changes/s for ${size("duration")} s`);
    const figures = await measurePropagation({ databaseUrl, workDir, latencyMs }, { mailboxes, changesPerSec: size("rate"), durationSec: size("duration") });
    report.propagation = { ...figures.propagation, mailboxes, changes: figures.changes, acknowledged: figures.acknowledged };
    report.api = figures.api;
  }
  if (only.has("throughput")) {
    progress(`throughput: ${size("throughput-mailboxes")} mailboxes x ${size("throughput-items")} items, latency 0`);
    report.workerThroughput = await measureWorkerThroughput(
      { databaseUrl, workDir, cpuProfileDir },
      { mailboxes: size("throughput-mailboxes"), itemsPerMailbox: size("throughput-items"), timeoutSec: 600 },
    );
  }
  if (only.has("memory")) {
    progress(`memory: ${size("memory-links")} links, ${size("memory-items")} mirror items (signing in every mailbox first)`);
    report.memory = await measureMemory({ databaseUrl, workDir }, { links: size("memory-links"), mirrorItems: size("memory-items"), timeoutSec: 900 });
  }
  if (only.has("emulator")) {
    progress(`emulator alone: ${size("emulator-requests")} creates`);
    report.emulatorAlone = await measureEmulatorAlone({ workDir, requests: size("emulator-requests"), concurrency: 32 });
  }

  process.stdout.write(`${formatTable(report)}\n`);
  const json = JSON.stringify(report, null, 2);
  if (values.json) writeFileSync(values.json, `${json}\n`);
  else process.stdout.write(`${json}\n`);
}
