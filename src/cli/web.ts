/** `npm run web`: only the web server; run any number of them against one PostgreSQL database. */
import { runCommand } from "./command.ts";
import { seedDemoIfWanted, startWeb } from "./serve.ts";
import { openServices } from "./services.ts";

const HELP = `Usage: npm run web [-- --help]

Runs the web server only (no sync worker). With several processes, set DATABASE_URL
(PostgreSQL) and TOKEN_ENCRYPTION_KEYS (the same in every process).
`;

runCommand(HELP, async (context) => {
  const services = await openServices(context.config, context.logger);
  context.onShutdown(() => services.database.close());
  await seedDemoIfWanted(services);
  const url = await startWeb(context, services);
  context.logger.info({ url }, "web server listening");
});
