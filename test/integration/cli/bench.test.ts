// `npm run bench` end to end at toy sizes: every scenario runs against the real processes and
// the JSON report has every figure the issue names. Figures are not judged here (no test
// asserts a duration); this only keeps the tool working.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runNode } from "../../support/nodeProcess.ts";

const ROOT = new URL("../../..", import.meta.url).pathname;
const TOY_SIZES = [
  "--quick",
  ...["--copy-sessions", "20", "--mailboxes", "3", "--rate", "5", "--duration", "2", "--outlook-events", "5", "--range-requests", "5"],
  // Enough writes for the CPU figures to span several of /proc's 10 ms ticks.
  ...["--throughput-mailboxes", "20", "--memory-links", "20", "--memory-items", "40", "--emulator-requests", "200"],
];

describe("npm run bench", () => {
  const dir = mkdtempSync(join(tmpdir(), "careroom-bench-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs every scenario and reports every figure, on the database the suite runs on", async () => {
    const jsonFile = join(dir, "bench.json");
    const { code, output } = await runNode(["--import", "tsx", "src/cli/bench.ts", ...TOY_SIZES, "--json", jsonFile], { cwd: ROOT });
    expect(code, output).toBe(0);

    const report = JSON.parse(readFileSync(jsonFile, "utf8")) as Record<string, Record<string, unknown>>;
    expect(report.database).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
    const figures: Record<string, string[]> = {
      initialCopy: ["seconds", "ceilingSeconds", "ceilingRatio", "rawCeilingRatio"],
      propagation: ["p50Ms", "p99Ms", "maxMs"],
      api: ["p50Ms", "p99Ms"],
      calendarRange: ["p50Ms", "p99Ms"],
      workerThroughput: ["opsPerSec", "rawOpsPerSec", "ratioToRaw"],
      memory: ["workerRssMb"],
      emulatorAlone: ["requestsPerSec", "requestsPerCpuSec"],
    };
    for (const [scenario, keys] of Object.entries(figures)) {
      for (const key of keys) {
        const value = report[scenario]?.[key];
        expect(typeof value === "number" && Number.isFinite(value) && value > 0, `${scenario}.${key} = ${String(value)}`).toBe(true);
      }
    }
    // The kernel counts CPU in 10 ms ticks: at these sizes a process may spend less than one
    // during the throughput window, so zero is a true reading here.
    for (const key of ["workerCpuMsPerOp", "emulatorCpuMsPerOp"]) {
      const value = report.workerThroughput?.[key];
      expect(typeof value === "number" && Number.isFinite(value) && value >= 0, `workerThroughput.${key} = ${String(value)}`).toBe(true);
    }
    // Everything asked for was done: every change acknowledged, every operation counted.
    expect(report.initialCopy).toMatchObject({ sessions: 20, throttled: 0 });
    expect(report.propagation?.acknowledged).toBe(report.propagation?.changes);
    expect(report.workerThroughput).toMatchObject({ mailboxes: 20, operations: 200 });
    expect(report.memory).toMatchObject({ links: 20, mirrorItems: 40 });
    // The calendar month holds the host's sessions, the Outlook events and the series.
    expect(report.calendarRange?.items).toBeGreaterThan(5);
    // Timed answers are counted, not parsed: their size still shows they were whole.
    expect(report.calendarRange?.answerKb).toBeGreaterThan(1);
    expect(output).toContain("initialCopy.ceilingRatio");
  }, 600_000);
});
