/** `npm run rotate-key`: re-seals stored Microsoft tokens under the first key of TOKEN_ENCRYPTION_KEYS. */
import { openDatabase } from "../store/db.ts";
import { resealStoredSecrets } from "../store/links/resealTokens.ts";
import { decryptSecret, encryptSecret, needsRotation } from "../store/secretBox.ts";
import { runCommand } from "./command.ts";
import { loadKeyring } from "./keyring.ts";

const HELP = `Usage: npm run rotate-key [-- --help]

Rotating the key that seals refresh tokens:
  1. Generate a key: node -e "console.log('k2:'+require('crypto').randomBytes(32).toString('base64'))"
  2. Put it FIRST in TOKEN_ENCRYPTION_KEYS, keeping the old key after it: "k2:...,k1:..."
     and restart every web and worker process with that value.
  3. Run this command: every stored token is re-sealed with the first key.
  4. Remove the old key from TOKEN_ENCRYPTION_KEYS and restart the processes again.
`;

runCommand(HELP, async ({ config, logger }) => {
  const keyring = loadKeyring({ keysFromEnv: config.env.TOKEN_ENCRYPTION_KEYS, dataDir: config.env.DATA_DIR, logger });
  const database = await openDatabase({ databaseUrl: config.env.DATABASE_URL, dataDir: config.env.DATA_DIR });
  try {
    const counts = await resealStoredSecrets(database.db, (sealed) =>
      needsRotation(keyring, sealed) ? encryptSecret(keyring, decryptSecret(keyring, sealed)) : undefined,
    );
    logger.info({ ...counts, currentKeyId: keyring.currentKeyId }, "stored secrets re-sealed under the current key");
  } finally {
    await database.close();
  }
});
