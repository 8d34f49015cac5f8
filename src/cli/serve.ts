/**
 * Starting the product's parts inside a process: the web server, the sync worker and, for
 * the demo, the built-in Microsoft emulator. Each entry point picks the parts it runs.
 */
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "microsoft-emulator";
import { buildApp } from "../server/app.ts";
import { seedDemo } from "../store/demo/seedDemo.ts";
import type { CommandContext } from "./command.ts";
import { EMULATOR_CLIENT, type Services } from "./services.ts";

export async function startBuiltInEmulator(context: CommandContext): Promise<RunningEmulator> {
  const { config, logger } = context;
  const emulator = await startEmulator({
    port: config.env.EMULATOR_PORT,
    host: config.env.HOST,
    stateFile: join(config.env.DATA_DIR, "microsoft-emulator.json"),
    apps: [{ ...EMULATOR_CLIENT, redirectUris: [`${config.appUrl}/auth/microsoft/callback`], displayName: config.env.PRODUCT_NAME }],
    logger: {
      info: (message) => logger.debug({ component: "microsoft-emulator" }, message),
      warn: (message) => logger.warn({ component: "microsoft-emulator" }, message),
      error: (message) => logger.error({ component: "microsoft-emulator" }, message),
    },
  });
  context.onShutdown(() => emulator.close());
  await seedDemoMailboxes(emulator.url, new Date());
  return emulator;
}

/**
 * The demo mailboxes start with a few appointments of their owners' own, so the calendar
 * page has Outlook events to show back; only into a mailbox that has no events at all.
 */
async function seedDemoMailboxes(emulatorUrl: string, now: Date): Promise<void> {
  const own = [
    { subject: "Dentist", dayOffset: 1, hour: 16 },
    { subject: "Team meeting", dayOffset: 2, hour: 13 },
    { subject: "Lunch with Alex", dayOffset: 4, hour: 12 },
  ];
  for (const address of ["iam.demo@outlook.test", "dana.host@outlook.test"]) {
    const listed = await fetch(`${emulatorUrl}/_emulator/mailboxes/${address}/events`);
    if (!listed.ok || ((await listed.json()) as { value: unknown[] }).value.length > 0) continue;
    for (const event of own) {
      const day = new Date(now.getTime() + event.dayOffset * 86_400_000).toISOString().slice(0, 10);
      const hour = String(event.hour).padStart(2, "0");
      await fetch(`${emulatorUrl}/_emulator/mailboxes/${address}/events`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          subject: event.subject,
          start: { dateTime: `${day}T${hour}:00:00`, timeZone: "UTC" },
          end: { dateTime: `${day}T${hour}:45:00`, timeZone: "UTC" },
        }),
      });
    }
  }
}

export async function seedDemoIfWanted(services: Services): Promise<void> {
  const { config, database, logger } = services;
  const wanted = config.env.SEED_DEMO === "yes" || (config.env.SEED_DEMO === "auto" && services.microsoft.emulated);
  if (!wanted) return;
  if (await seedDemo(database.db, { now: new Date() })) logger.info("created the demo organization \"Demo Clinic\"");
}

export async function startWeb(context: CommandContext, services: Services): Promise<string> {
  const { config, database, logger, keyring, microsoft } = services;
  const app = await buildApp({
    database,
    config,
    logger,
    link: { identity: microsoft.identity, graphBaseUrl: microsoft.graphBaseUrl, redirectUri: microsoft.redirectUri, keyring },
  });
  context.onShutdown(() => app.close());
  await app.listen({ port: config.env.PORT, host: config.env.HOST });
  return config.appUrl;
}
