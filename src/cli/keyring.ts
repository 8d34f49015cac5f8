/**
 * The keyring that seals refresh tokens. From TOKEN_ENCRYPTION_KEYS when set; otherwise a
 * key generated once into the data directory (owner-only), which suits the demo and a
 * single machine but not several servers, so it is announced with a warning.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "pino";
import { parseKeyring, type Keyring } from "../store/secretBox.ts";

export function loadKeyring(input: { keysFromEnv: string | undefined; dataDir: string; logger: Logger }): Keyring {
  if (input.keysFromEnv) return parseKeyring(input.keysFromEnv);
  const file = join(input.dataDir, "token-encryption-keys");
  if (!existsSync(file)) {
    mkdirSync(input.dataDir, { recursive: true });
    writeFileSync(file, `local:${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
  }
  input.logger.warn(
    { file },
    "TOKEN_ENCRYPTION_KEYS is not set: refresh tokens are sealed with a key kept in the data directory",
  );
  return parseKeyring(readFileSync(file, "utf8").trim());
}
