// A bench or chaos run stopped by Ctrl-C or a CI timeout must not leave its emulator running
// or its scratch database on the server (src/cli/undoOnSignal.ts).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { describe, expect, it } from "vitest";

const FIXTURE = new URL("../../support/signalledBench.ts", import.meta.url).pathname;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query("select 1 from pg_database where datname = $1", [name])).rows.length > 0;
  } finally {
    await client.end();
  }
}

describe("a run stopped by a signal", () => {
  it.each([
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const)("on %s stops the emulator it started, drops its scratch database and exits with %i", async (signal, exitCode) => {
    const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], { stdio: ["ignore", "pipe", "inherit"], cwd: join(FIXTURE, "../../..") });
    const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    const line = await Promise.race([
      once(createInterface({ input: child.stdout! }), "line").then(([first]) => String(first)),
      exited.then(([code]) => Promise.reject(new Error(`the fixture exited with ${code} before starting anything`))),
    ]);
    const made = JSON.parse(line) as { emulatorPid: number; database: string | null };
    expect(alive(made.emulatorPid)).toBe(true);
    if (made.database) expect(await databaseExists(made.database)).toBe(true);

    child.kill(signal);
    const [code] = await exited;

    expect(code).toBe(exitCode);
    expect(alive(made.emulatorPid)).toBe(false);
    if (made.database) expect(await databaseExists(made.database)).toBe(false);
  });
});
