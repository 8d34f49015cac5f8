/** `npm run migrate`: applies the committed SQL migrations, then exits. */
import { migrateDatabase, openDatabase } from "../store/db.ts";
import { runCommand } from "./command.ts";

const HELP = `Usage: npm run migrate [-- --help]

Applies every pending migration to the database in DATABASE_URL, or to the embedded
database under DATA_DIR. Servers also migrate when they start.
`;

runCommand(HELP, async ({ config, logger }) => {
  const database = await openDatabase({ databaseUrl: config.env.DATABASE_URL, dataDir: config.env.DATA_DIR });
  try {
    await migrateDatabase(database);
    logger.info("the database is up to date");
  } finally {
    await database.close();
  }
});
