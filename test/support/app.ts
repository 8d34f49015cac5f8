/**
 * A web app over a fresh test database, and a signed-in client for it that sends the
 * session cookie and the CSRF token the way the browser UI does.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import pino from "pino";
import { loadConfig, type Config } from "../../src/config.ts";
import { buildApp, type AppDeps } from "../../src/server/app.ts";
import { createMicrosoftIdentity } from "../../src/microsoft/identity.ts";
import { parseKeyring } from "../../src/store/secretBox.ts";
import type { Database } from "../../src/store/db.ts";
import { createTestDatabase } from "./database.ts";
import { createTwoOrganizations, FIXTURE_PASSWORD, type OrgFixture } from "./fixtures.ts";

export const TEST_APP_URL = "http://careroom.test";

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/**
 * Calendar-link settings for apps whose tests never reach Microsoft: the authority does
 * not resolve, so a test that links by mistake fails loudly instead of reaching anything.
 */
export function unreachableMicrosoft(): AppDeps["link"] {
  return {
    identity: createMicrosoftIdentity({ clientId: "test", clientSecret: "test", authority: "https://login.invalid/common" }),
    graphBaseUrl: "https://graph.invalid/v1.0",
    redirectUri: `${TEST_APP_URL}/auth/microsoft/callback`,
    keyring: parseKeyring(`test:${Buffer.alloc(32, 7).toString("base64")}`),
  };
}

export async function startTestApp(
  env: Record<string, string> = {},
  uiDir?: string,
  link: AppDeps["link"] = unreachableMicrosoft(),
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: "test", APP_URL: TEST_APP_URL, ...env });
  const app = await buildApp({ database, config, logger: pino({ level: "silent" }), link, ...(uiDir === undefined ? {} : { uiDir }) });
  await app.ready();
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export interface Client {
  csrfToken: string;
  cookie: string;
  request(options: { method: InjectOptions["method"]; url: string; payload?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
}

export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === "careroom_sid");
  if (cookie === undefined) throw new Error(`no session cookie in a ${response.statusCode} answer: ${response.body}`);
  return `careroom_sid=${cookie.value}`;
}

export async function signIn(app: FastifyInstance, email: string, password = FIXTURE_PASSWORD): Promise<Client> {
  const response = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${response.statusCode} ${response.body}`);
  const csrfToken = response.json<{ csrfToken: string }>().csrfToken;
  const cookie = sessionCookieOf(response);
  return {
    csrfToken,
    cookie,
    request: ({ method, url, payload, headers }) =>
      app.inject({
        method,
        url,
        headers: { cookie, "x-csrf-token": csrfToken, ...headers },
        ...(payload === undefined ? {} : { payload: payload as InjectOptions["payload"] }),
      }),
  };
}

/** A test app over two organizations, with A's admin, licensed host, scheduler and unlicensed user, and B's admin signed in. */
export interface AppWithTwoOrganizations {
  t: TestApp;
  a: OrgFixture;
  b: OrgFixture;
  admin: Client;
  licensed: Client;
  scheduler: Client;
  unlicensed: Client;
  otherAdmin: Client;
}

export async function startAppWithTwoOrganizations(): Promise<AppWithTwoOrganizations> {
  const t = await startTestApp();
  try {
    const [a, b] = await createTwoOrganizations(t.database.db);
    const [admin, licensed, scheduler, unlicensed, otherAdmin] = await Promise.all([
      signIn(t.app, a.admin.email),
      signIn(t.app, a.licensed.email),
      signIn(t.app, a.scheduler.email),
      signIn(t.app, a.unlicensed.email),
      signIn(t.app, b.admin.email),
    ]);
    return { t, a, b, admin, licensed, scheduler, unlicensed, otherAdmin };
  } catch (error) {
    await t.close();
    throw error;
  }
}
