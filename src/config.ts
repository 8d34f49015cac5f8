/**
 * Reads the process configuration from the environment once, at start, and refuses to
 * start with a message naming the variable when something is wrong.
 */
import { z } from "zod";

const port = z.coerce.number().int().min(0).max(65_535);
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // "localhost" binds IPv4 and IPv6 alike, so the browser reaches APP_URL whichever it picks.
  HOST: z.string().default("localhost"),
  PORT: port.default(3000),
  /** The address people reach the product at; join links and OAuth redirects use it. */
  APP_URL: optionalText,
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: optionalText,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PRODUCT_NAME: z.string().default("CareRoom"),
  /** `keyId:base64-32-bytes[,older...]`; the first key seals, every key opens. */
  TOKEN_ENCRYPTION_KEYS: optionalText,
  MICROSOFT_CLIENT_ID: optionalText,
  MICROSOFT_CLIENT_SECRET: optionalText,
  MICROSOFT_TENANT: z.string().default("common"),
  MICROSOFT_REDIRECT_URI: optionalText,
  /** Port of the built-in Microsoft emulator, used when no Microsoft application is configured. */
  EMULATOR_PORT: port.default(3001),
  /** An emulator already running elsewhere (e.g. the chaos run's); then none is started here. */
  EMULATOR_URL: optionalText,
  SEED_DEMO: z.enum(["auto", "yes", "no"]).default("auto"),
  /**
   * Which proxies in front of the product to believe about the client's address
   * (X-Forwarded-For): "false" (default), "true", a number of hops, or addresses/CIDRs.
   */
  TRUST_PROXY: z.string().default("false"),
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  METRICS_TOKEN: optionalText,
  /** Sync worker knobs. */
  WORKER_POLL_MS: z.coerce.number().int().min(10).default(1000),
  RECONCILE_EVERY_MIN: z.coerce.number().int().min(1).default(360),
  /**
   * The embedded database has no autovacuum: the worker vacuums it and refreshes the
   * planner's statistics this often. Ignored on PostgreSQL, whose autovacuum does it.
   */
  EMBEDDED_MAINTENANCE_MIN: z.coerce.number().int().min(1).default(10),
  /**
   * Read side (S-CAL-5): the public address Microsoft posts change notifications to (its
   * /api/webhooks/microsoft); defaults to APP_URL when that is https.
   */
  PUBLIC_URL: optionalText,
  /** Outlook reads: while someone of the organization has the calendar open, and otherwise. */
  OUTLOOK_READ_ACTIVE_SEC: z.coerce.number().int().min(10).default(120),
  OUTLOOK_READ_IDLE_MIN: z.coerce.number().int().min(1).default(30),
  /** The rolling window of Outlook events read back, in days around today. */
  OUTLOOK_READ_DAYS_BACK: z.coerce.number().int().min(0).max(365).default(30),
  OUTLOOK_READ_DAYS_AHEAD: z.coerce.number().int().min(1).max(730).default(180),
});

export type Env = z.infer<typeof EnvSchema>;

export interface MicrosoftAppConfig {
  clientId: string;
  clientSecret: string;
  tenant: string;
  redirectUri: string;
}

export interface Config {
  env: Env;
  appUrl: string;
  secureCookies: boolean;
  /** Fastify's `trustProxy`, read from TRUST_PROXY (a hop count becomes a function of the hop). */
  trustProxy: boolean | string[] | ((address: string, hop: number) => boolean);
  /** Undefined when no Microsoft application is configured: the built-in emulator stands in. */
  microsoft: MicrosoftAppConfig | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  const env = parsed.data;
  const appUrl = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  const microsoftParts = [env.MICROSOFT_CLIENT_ID, env.MICROSOFT_CLIENT_SECRET];
  const configured = microsoftParts.filter((v) => v !== undefined).length;
  if (configured === 1) {
    throw new ConfigError("Invalid configuration: set both MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET, or neither.");
  }
  const microsoft =
    env.MICROSOFT_CLIENT_ID && env.MICROSOFT_CLIENT_SECRET
      ? {
          clientId: env.MICROSOFT_CLIENT_ID,
          clientSecret: env.MICROSOFT_CLIENT_SECRET,
          tenant: env.MICROSOFT_TENANT,
          redirectUri: env.MICROSOFT_REDIRECT_URI ?? `${appUrl}/auth/microsoft/callback`,
        }
      : undefined;
  return { env, appUrl, secureCookies: appUrl.startsWith("https://"), trustProxy: parseTrustProxy(env.TRUST_PROXY), microsoft };
}

function parseTrustProxy(value: string): Config["trustProxy"] {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === "" || trimmed === "false") return false;
  if (trimmed === "true") return true;
  if (/^\d+$/.test(trimmed)) {
    const hops = Number(trimmed);
    return (_address, hop) => hop < hops;
  }
  return value.split(",").map((part) => part.trim()).filter((part) => part !== "");
}
