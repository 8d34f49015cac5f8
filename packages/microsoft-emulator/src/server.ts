// Assembles one emulator instance: state, identity platform, Graph, control API and pages on one
// Fastify server, with the state file loaded at start and written as state changes.
import { randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance } from "fastify";
import formbody from "@fastify/formbody";
import { Clock } from "./clock.ts";
import { CalendarOperations } from "./calendarOperations.ts";
import type { EmulatorContext } from "./context.ts";
import { registerControl } from "./control.ts";
import { installFaultHooks } from "./faultHooks.ts";
import { Faults } from "./faults.ts";
import { registerAuthorize } from "./identity/authorize.ts";
import { registerMetadata } from "./identity/metadata.ts";
import { TokenSigner } from "./identity/signer.ts";
import { registerToken } from "./identity/token.ts";
import { registerGraph } from "./graph/index.ts";
import { parseLatency, type LatencyRange } from "./latency.ts";
import type { RegisteredApp } from "./model.ts";
import { Notifier } from "./notifier.ts";
import { registerPages } from "./pages/calendarPages.ts";
import { readStateFile, StateFileWriter } from "./persistence.ts";
import { Stats } from "./stats.ts";
import { Store } from "./store.ts";
import { Throttle, type ThrottlingOptions } from "./throttle.ts";

export interface AppRegistration {
  clientId: string;
  /** When omitted, the first secret the app presents at the token endpoint becomes its secret. */
  clientSecret?: string;
  /** When given, authorize refuses any other redirect URI (AADSTS50011). */
  redirectUris?: string[];
  displayName?: string;
}

export interface EmulatorLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface EmulatorOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The origin clients use when it differs from http://host:port (e.g. behind a proxy). */
  publicUrl?: string;
  /** Extra latency per Graph and token request: fixed ms, "20-80", or {min, max}. */
  latencyMs?: number | string | LatencyRange;
  /** Keep state in this JSON file (loaded at start, saved shortly after each change). */
  stateFile?: string;
  /** Access token lifetime; default 3599. */
  accessTokenTtlSec?: number;
  /** Refresh token lifetime; default 90 days. */
  refreshTokenTtlSec?: number;
  throttling?: ThrottlingOptions;
  /** Apps known up front; others are registered on first use. */
  apps?: AppRegistration[];
  logger?: EmulatorLogger;
}

const SILENT: EmulatorLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface BuiltEmulator {
  app: FastifyInstance;
  context: EmulatorContext;
  setBaseUrl(url: string): void;
  shutdown(): Promise<void>;
}

function registration(app: AppRegistration): RegisteredApp {
  return { clientId: app.clientId, clientSecret: app.clientSecret ?? null, redirectUris: app.redirectUris ?? [], displayName: app.displayName ?? app.clientId };
}

export async function buildEmulator(options: EmulatorOptions): Promise<BuiltEmulator> {
  const logger = options.logger ?? SILENT;
  const latency = parseLatency(options.latencyMs);
  const snapshot = options.stateFile ? await readStateFile(options.stateFile) : undefined;
  const store = new Store(snapshot);
  const registerApps = () => {
    for (const app of options.apps ?? []) store.apps.set(app.clientId, registration(app));
  };
  registerApps();

  const clock = new Clock();
  const stats = new Stats();
  const operations = new CalendarOperations(store, clock);
  const notifier = new Notifier(store, clock, stats, logger);
  operations.onChange((change) => notifier.eventChanged(change));
  let baseUrl = "http://127.0.0.1";

  const context: EmulatorContext = {
    store,
    clock,
    signer: new TokenSigner(),
    operations,
    throttle: new Throttle(options.throttling ?? {}, clock, (mailbox, inFlight) => stats.recordInFlight(mailbox, inFlight)),
    stats,
    faults: new Faults(),
    notifier,
    baseUrl: () => baseUrl,
    latency,
    accessTokenTtlSec: options.accessTokenTtlSec ?? 3599,
    refreshTokenTtlSec: options.refreshTokenTtlSec ?? 90 * 24 * 3600,
    internalRequestSecret: randomUUID(),
  };

  const writer = options.stateFile
    ? new StateFileWriter(options.stateFile, () => {
        store.prune(clock.now());
        return store.snapshot();
      }, (error) => logger.error(`Could not write the state file: ${String(error)}`))
    : undefined;
  if (writer) store.onChange(() => writer.schedule());

  // Exchange ids run to 150 characters and more; the router's default cap of 100 would answer 414.
  const app = Fastify({ logger: false, genReqId: () => randomUUID(), forceCloseConnections: true, routerOptions: { maxParamLength: 2048 } });
  await app.register(formbody);
  installFaultHooks(app, context);
  app.addHook("onResponse", async (request, reply) => {
    logger.info(`${request.method} ${request.url} ${reply.statusCode}`);
  });
  registerMetadata(app, context);
  registerAuthorize(app, context);
  registerToken(app, context);
  await registerGraph(app, context);
  registerControl(app, context, () => {
    store.reset();
    registerApps();
    context.faults.clear();
    context.stats.reset();
    context.throttle.reset();
  });
  registerPages(app, context);

  return {
    app,
    context,
    setBaseUrl: (url) => {
      baseUrl = url.replace(/\/+$/, "");
    },
    shutdown: async () => {
      notifier.close();
      await app.close();
      await writer?.flush();
    },
  };
}
