// A stand-in for `npm run bench` stopped by a signal: starts what a bench stage starts (an
// emulator process and, with DATABASE_URL, a scratch database), says what it made, and waits.
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulatorProcess } from "../../src/cli/bench/emulatorProcess.ts";
import { createScratchDatabase } from "../../src/cli/chaos/scratchDatabase.ts";

const workDir = join(tmpdir(), `careroom-signalled-${process.pid}`);
mkdirSync(workDir, { recursive: true });
const emulator = await startEmulatorProcess({ latencyMs: 0, throttling: true, logFile: join(workDir, "emulator.log") });
const scratch = await createScratchDatabase({ databaseUrl: process.env.DATABASE_URL, workDir, namePrefix: "careroom_signalled" });
await scratch.database.close();
const database = scratch.env.DATABASE_URL ? new URL(scratch.env.DATABASE_URL).pathname.slice(1) : null;
process.stdout.write(`${JSON.stringify({ emulatorPid: emulator.pid, database })}\n`);
setInterval(() => undefined, 60_000);
