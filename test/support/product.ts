/**
 * The whole product as `npm start` runs it (web server, sync worker, built-in Microsoft
 * emulator, demo organization) on free ports over a fresh test database, for browser tests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "pino";
import { loadConfig } from "../../src/config.ts";
import type { CommandContext } from "../../src/cli/command.ts";
import { createLogger } from "../../src/cli/logger.ts";
import { seedDemoIfWanted, startBuiltInEmulator, startWeb } from "../../src/cli/serve.ts";
import { openServices, startWorker } from "../../src/cli/services.ts";
import type { Database } from "../../src/store/db.ts";
import { createTestDatabase } from "./database.ts";
import { freePort } from "../../src/cli/freePort.ts";

export interface RunningProduct {
  appUrl: string;
  emulatorUrl: string;
  database: Database;
  close(): Promise<void>;
}

export async function startProduct(env: Record<string, string> = {}): Promise<RunningProduct> {
  const [port, emulatorPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), "careroom-e2e-"));
  const config = loadConfig({
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    EMULATOR_PORT: String(emulatorPort),
    DATA_DIR: dataDir,
    WORKER_POLL_MS: "200",
    LOG_LEVEL: "silent",
    ...env,
  });
  const logger: Logger = createLogger(config.env.LOG_LEVEL);
  const closers: Array<() => Promise<void>> = [];
  const context: CommandContext = { config, logger, onShutdown: (close) => closers.push(close) };
  const database = await createTestDatabase();
  closers.push(() => database.close());
  const emulator = await startBuiltInEmulator(context);
  const services = await openServices(config, logger, { emulatorUrl: emulator.url, database });
  await seedDemoIfWanted(services);
  const appUrl = await startWeb(context, services);
  await startWorker(context, services);
  return {
    appUrl,
    emulatorUrl: emulator.url,
    database,
    async close() {
      for (const close of closers.reverse()) await close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
