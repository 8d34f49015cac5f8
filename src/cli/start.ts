/**
 * `npm start`: the whole product in one process: web server, sync worker, and (when no
 * Microsoft application is configured) the built-in Microsoft emulator with a demo
 * organization, over the embedded database unless DATABASE_URL is set.
 */
import { runCommand } from "./command.ts";
import { seedDemoIfWanted, startBuiltInEmulator, startWeb } from "./serve.ts";
import { openServices, startWorker } from "./services.ts";

const HELP = `Usage: npm start [-- --help]

Runs the web server, the sync worker and, without a Microsoft application configured,
the built-in Microsoft emulator with the demo organization. Settings come from the
environment (see .env.example): PORT, DATA_DIR, DATABASE_URL, MICROSOFT_CLIENT_ID, ...
`;

runCommand(HELP, async (context) => {
  const { config, logger } = context;
  const external = config.env.EMULATOR_URL;
  const emulator = config.microsoft || external ? undefined : await startBuiltInEmulator(context);
  const emulatorUrl = emulator?.url ?? external;
  const services = await openServices(config, logger, emulatorUrl ? { emulatorUrl } : {});
  context.onShutdown(() => services.database.close());
  await seedDemoIfWanted(services);
  const url = await startWeb(context, services);
  await startWorker(context, services);
  const lines = [`CareRoom is running at ${url}`];
  if (emulatorUrl) {
    lines.push(`Microsoft emulator (stand-in for Outlook) at ${emulatorUrl}`);
    lines.push("Sign in as iam.demo@demo.test with password demo1234 (see README for every account).");
  }
  process.stdout.write(`\n${lines.join("\n")}\n\n`);
});
