/**
 * The composition root: builds the services every entry point shares (database, keyring,
 * Microsoft identity and Graph address, the sync worker) from the configuration. Nothing
 * below this file reads the environment.
 */
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { CommandContext } from "./command.ts";
import { createGraphCalendar } from "../microsoft/graph.ts";
import { createGraphReader } from "../microsoft/graphRead.ts";
import { createMicrosoftIdentity, type MicrosoftIdentity } from "../microsoft/identity.ts";
import { createMailboxLimiter, limitedProvider, OUTLOOK_LIMITS, type MailboxLimiter } from "../microsoft/limits.ts";
import { localAuthorityOptions } from "../microsoft/localAuthority.ts";
import { migrateDatabase, openDatabase, type Database } from "../store/db.ts";
import { saveLinkTokens } from "../store/links/linkState.ts";
import type { ClaimedLink } from "../store/mirror/claimLink.ts";
import type { Keyring } from "../store/secretBox.ts";
import { createLinkTokens } from "../sync/linkTokens.ts";
import { createReadJob } from "../sync/readJob.ts";
import { dropSubscription } from "../sync/readSubscription.ts";
import { createEmbeddedMaintenanceJob } from "../sync/maintenanceJob.ts";
import { createMaterializeJob } from "../sync/materializeJob.ts";
import { createSyncWorker, type SyncWorker } from "../sync/worker.ts";
import { MICROSOFT_WEBHOOK_PATH } from "../server/routes/microsoftWebhook.ts";
import { loadKeyring } from "./keyring.ts";

/** The demo's application registration at the built-in emulator. */
export const EMULATOR_CLIENT = { clientId: "careroom-demo", clientSecret: "careroom-demo-secret" } as const;

export interface MicrosoftEndpoints {
  identity: MicrosoftIdentity;
  graphBaseUrl: string;
  redirectUri: string;
  /** True when the built-in emulator stands in for Microsoft. */
  emulated: boolean;
}

export interface Services {
  config: Config;
  logger: Logger;
  database: Database;
  keyring: Keyring;
  microsoft: MicrosoftEndpoints;
}

export async function openServices(
  config: Config,
  logger: Logger,
  options: { emulatorUrl?: string; database?: Database } = {},
): Promise<Services> {
  const database = options.database ?? (await openDatabase({ databaseUrl: config.env.DATABASE_URL, dataDir: config.env.DATA_DIR }));
  await migrateDatabase(database);
  const keyring = loadKeyring({ keysFromEnv: config.env.TOKEN_ENCRYPTION_KEYS, dataDir: config.env.DATA_DIR, logger });
  return { config, logger, database, keyring, microsoft: microsoftEndpoints(config, options.emulatorUrl) };
}

function microsoftEndpoints(config: Config, emulatorUrl: string | undefined): MicrosoftEndpoints {
  if (config.microsoft) {
    const app = config.microsoft;
    return {
      identity: createMicrosoftIdentity({
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        authority: `https://login.microsoftonline.com/${app.tenant}`,
      }),
      graphBaseUrl: "https://graph.microsoft.com/v1.0",
      redirectUri: app.redirectUri,
      emulated: false,
    };
  }
  const base = (emulatorUrl ?? config.env.EMULATOR_URL ?? `http://localhost:${config.env.EMULATOR_PORT}`).replace(/\/+$/, "");
  return {
    // Discovery happens at first use, so a web process may start before the emulator does.
    identity: lazyIdentity(async () =>
      createMicrosoftIdentity(await localAuthorityOptions({ baseUrl: base, tenant: "common", ...EMULATOR_CLIENT })),
    ),
    graphBaseUrl: `${base}/v1.0`,
    redirectUri: `${config.appUrl}/auth/microsoft/callback`,
    emulated: true,
  };
}

function lazyIdentity(create: () => Promise<MicrosoftIdentity>): MicrosoftIdentity {
  let identity: Promise<MicrosoftIdentity> | undefined;
  const get = () => {
    identity ??= create().catch((thrown: unknown) => {
      identity = undefined;
      throw thrown;
    });
    return identity;
  };
  return {
    authorizeUrl: async (input) => (await get()).authorizeUrl(input),
    redeemCode: async (input) => (await get()).redeemCode(input),
    refresh: async (token) => (await get()).refresh(token),
  };
}

export function createWorker(services: Services, options: { lanes?: number; random?: () => number } = {}): SyncWorker {
  const { config, logger, keyring, microsoft } = services;
  // Everything the worker does goes through the background door (see Database.backgroundDb).
  const database = { ...services.database, db: services.database.backgroundDb };
  const tokens = createLinkTokens({
    identity: microsoft.identity,
    keyring,
    saveTokens: (linkId, sealed) => saveLinkTokens(database.db, linkId, sealed),
    now: Date.now,
  });
  // One limiter per mailbox for the life of the process, so the rolling window survives leases.
  const limiters = new Map<string, MailboxLimiter>();
  const limiterFor = (linkId: string) => {
    let limiter = limiters.get(linkId);
    if (!limiter) {
      limiter = createMailboxLimiter(OUTLOOK_LIMITS);
      limiters.set(linkId, limiter);
    }
    return limiter;
  };
  const providerFor = (link: ClaimedLink) =>
    limitedProvider(createGraphCalendar(tokens.forLink(link), { baseUrl: microsoft.graphBaseUrl }), limiterFor(link.id));
  const readerFor = (link: ClaimedLink) =>
    createGraphReader(tokens.forLink(link), { baseUrl: microsoft.graphBaseUrl, run: (call) => limiterFor(link.id).run(call) });
  const syncLogger = logger.child({ component: "sync" });
  return createSyncWorker({
    database,
    // Materialising series registers here too.
    jobs: [
      ...(database.kind === "pglite"
        ? [createEmbeddedMaintenanceJob({ db: database.db, everyMs: config.env.EMBEDDED_MAINTENANCE_MIN * 60_000, now: Date.now, logger: syncLogger })]
        : []),
      createMaterializeJob({ db: database.db, now: () => new Date() }),
      createReadJob({
        db: database.db,
        readerFor,
        providerFor,
        notificationUrl: notificationUrlOf(config, microsoft.emulated),
        leaseSec: 60,
        window: { daysBack: config.env.OUTLOOK_READ_DAYS_BACK, daysAhead: config.env.OUTLOOK_READ_DAYS_AHEAD },
        idleEverySec: config.env.OUTLOOK_READ_IDLE_MIN * 60,
        logger: syncLogger,
        now: () => new Date(),
      }),
    ],
    lanes: options.lanes ?? 8,
    pollMs: config.env.WORKER_POLL_MS,
    reconciler: {
      providerFor,
      beforeUnlinked: (link) => dropSubscription(link.id, readerFor(link), { db: database.db, logger: syncLogger }),
      eventContext: { productName: config.env.PRODUCT_NAME, appUrl: config.appUrl },
      logger: syncLogger,
      // Kept alive by a heartbeat every third of it: short, so a dead worker's mailboxes wait little.
      leaseSec: 15,
      reconcileEverySec: config.env.RECONCILE_EVERY_MIN * 60,
      now: () => new Date(),
      random: options.random ?? Math.random,
    },
  });
}

/**
 * Where Microsoft posts change notifications (S-CAL-5): PUBLIC_URL, or an https APP_URL.
 * The built-in emulator also delivers to plain http, so the demo gets notifications too
 * and the path is exercised locally. Null: no public address, polling alone.
 */
export function notificationUrlOf(config: Config, emulated: boolean): string | null {
  const base = config.env.PUBLIC_URL ?? (config.appUrl.startsWith("https://") || emulated ? config.appUrl : undefined);
  return base === undefined ? null : `${base.replace(/\/+$/, "")}${MICROSOFT_WEBHOOK_PATH}`;
}

/** Starts the sync worker in this process; it stops with the process. */
export async function startWorker(context: CommandContext, services: Services): Promise<void> {
  const worker = createWorker(services);
  await worker.start();
  context.onShutdown(() => worker.stop());
}
