/** `npm run worker`: only the sync worker; any number may run against one PostgreSQL database. */
import { runCommand } from "./command.ts";
import { openServices, startWorker } from "./services.ts";

const HELP = `Usage: npm run worker [-- --help]

Runs one sync worker: it claims calendar links with work due and brings their Outlook
calendars in line with the sessions. Any number of workers may share a PostgreSQL
database (DATABASE_URL); they need the same TOKEN_ENCRYPTION_KEYS as the web servers.
`;

runCommand(HELP, async (context) => {
  const services = await openServices(context.config, context.logger);
  context.onShutdown(() => services.database.close());
  await startWorker(context, services);
});
