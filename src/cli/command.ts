/**
 * What every command shares: `--help`, the configuration, a logger, and a clean exit on
 * SIGINT/SIGTERM with the exit code operators expect (0 on a requested stop, 1 on failure).
 */
import { parseArgs } from "node:util";
import type { Logger } from "pino";
import { ConfigError, loadConfig, type Config } from "../config.ts";
import { coerceError } from "../domain/errors.ts";
import { createLogger } from "./logger.ts";

export interface CommandContext {
  config: Config;
  logger: Logger;
  /** Registers what must be closed on shutdown, in reverse order of registration. */
  onShutdown(close: () => Promise<void>): void;
}

export function runCommand(help: string, main: (context: CommandContext) => Promise<void>): void {
  const { values } = parseArgs({ options: { help: { type: "boolean", short: "h", default: false } }, strict: true });
  if (values.help) {
    process.stdout.write(help);
    return;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (thrown) {
    process.stderr.write(`${thrown instanceof ConfigError ? thrown.message : String(thrown)}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.env.LOG_LEVEL);
  const closers: Array<() => Promise<void>> = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const close of closers.reverse()) {
      await close().catch((thrown: unknown) => logger.error({ err: coerceError(thrown) }, "shutdown step failed"));
    }
    process.exit(code);
  };
  process.once("SIGINT", () => void stop(0));
  process.once("SIGTERM", () => void stop(0));
  main({ config, logger, onShutdown: (close) => closers.push(close) }).catch((thrown: unknown) => {
    logger.fatal({ err: coerceError(thrown) }, "the command failed");
    void stop(1);
  });
}
