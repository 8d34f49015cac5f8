/**
 * The product's sync worker against a real database and the Microsoft emulator, with a
 * link made through the real authorization code flow (MSAL + the emulator's pages).
 */
import { randomBytes } from "node:crypto";
import { pino, type Logger } from "pino";
import { driveSignIn, startEmulator, type RunningEmulator } from "microsoft-emulator";
import { createMicrosoftIdentity, type MicrosoftIdentity } from "../../src/microsoft/identity.ts";
import { fetchMailbox } from "../../src/microsoft/mailbox.ts";
import { createPkcePair } from "../../src/microsoft/pkce.ts";
import { createGraphCalendar } from "../../src/microsoft/graph.ts";
import { createGraphReader } from "../../src/microsoft/graphRead.ts";
import { createMailboxLimiter, limitedProvider, OUTLOOK_LIMITS } from "../../src/microsoft/limits.ts";
import type { Database } from "../../src/store/db.ts";
import { orgOptions } from "../../src/store/schema.ts";
import { saveLink } from "../../src/store/links/saveLink.ts";
import { sealLinkTokens } from "../../src/store/links/sealedAccessToken.ts";
import { saveLinkTokens } from "../../src/store/links/linkState.ts";
import { parseKeyring, type Keyring } from "../../src/store/secretBox.ts";
import type { ClaimedLink } from "../../src/store/mirror/claimLink.ts";
import { createLinkTokens } from "../../src/sync/linkTokens.ts";
import { createMaterializeJob } from "../../src/sync/materializeJob.ts";
import { createReadJob } from "../../src/sync/readJob.ts";
import { dropSubscription } from "../../src/sync/readSubscription.ts";
import { createSyncWorker, type SyncWorker } from "../../src/sync/worker.ts";
import { createTestDatabase } from "./database.ts";
import { createTwoOrganizations, type OrgFixture } from "./fixtures.ts";

export const REDIRECT_URI = "http://localhost:3000/auth/microsoft/callback";
export const TEST_APP_URL = "http://localhost:3000";

export interface SyncHarness {
  emulator: RunningEmulator;
  identity: MicrosoftIdentity;
  keyring: Keyring;
  /**
   * A fresh worker each call: no cached tokens, as after a restart. It pushes sessions and
   * reads Outlook back; with `notificationUrl` it also keeps change-notification subscriptions.
   */
  newWorker(options?: { notificationUrl?: string; keyring?: Keyring }): SyncWorker;
  link(user: { orgId: string; userId: string }, mailbox: string): Promise<string>;
  /** A Graph access token of this app for the mailbox, to look at it as Microsoft sees it. */
  accessToken(mailbox: string): Promise<string>;
  mailboxEvents(mailbox: string): Promise<EmulatorEvent[]>;
  control(method: string, path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

export interface EmulatorEvent {
  id: string;
  subject: string;
  start: { dateTime: string; timeZone: string };
  originalStartTimeZone?: string;
  end: { dateTime: string; timeZone: string };
  body: { content: string };
  attendees?: unknown[];
  singleValueExtendedProperties?: Array<{ id: string; value: string }>;
}

export async function createSyncHarness(
  database: Database,
  options: { logger?: Logger; keyring?: Keyring } = {},
): Promise<SyncHarness> {
  const emulator = await startEmulator({ port: 0 });
  const identity = createMicrosoftIdentity({ clientId: "sync-tests", clientSecret: "sync-tests-secret", ...emulator.msalAuthority() });
  const keyring = options.keyring ?? parseKeyring(`t1:${randomBytes(32).toString("base64")}`);
  const logger = options.logger ?? pino({ level: "silent" });

  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${emulator.url}/_emulator${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });

  return {
    emulator,
    identity,
    keyring,
    newWorker(options = {}) {
      const tokens = createLinkTokens({
        identity,
        keyring: options.keyring ?? keyring,
        saveTokens: (linkId, sealed) => saveLinkTokens(database.db, linkId, sealed),
        now: Date.now,
      });
      const limiter = createMailboxLimiter(OUTLOOK_LIMITS);
      const baseUrl = `${emulator.url}/v1.0`;
      const providerFor = (link: ClaimedLink) => limitedProvider(createGraphCalendar(tokens.forLink(link), { baseUrl }), limiter);
      const readerFor = (link: ClaimedLink) => createGraphReader(tokens.forLink(link), { baseUrl, run: (call) => limiter.run(call) });
      return createSyncWorker({
        database,
        lanes: 2,
        pollMs: 50,
        jobs: [
          // Series are materialised as in production, so their sessions reach the emulator.
          createMaterializeJob({ db: database.db, now: () => new Date() }),
          createReadJob({
            db: database.db,
            readerFor,
            providerFor,
            notificationUrl: options.notificationUrl ?? null,
            leaseSec: 30,
            window: { daysBack: 30, daysAhead: 180 },
            idleEverySec: 1800,
            logger,
            now: () => new Date(),
          }),
        ],
        reconciler: {
          providerFor,
          beforeUnlinked: (link) => dropSubscription(link.id, readerFor(link), { db: database.db, logger }),
          eventContext: { productName: "CareRoom", appUrl: TEST_APP_URL },
          logger,
          leaseSec: 30,
          reconcileEverySec: 3600,
          now: () => new Date(),
          random: () => 0.5,
        },
      });
    },
    async link(user, mailbox) {
      const tokens = await signIn(identity, mailbox);
      const box = await fetchMailbox(`${emulator.url}/v1.0`, tokens.accessToken);
      const saved = await database.db.transaction((tx) =>
        saveLink(tx, {
          orgId: user.orgId,
          userId: user.userId,
          mailboxId: box.id,
          mailboxAddress: box.address,
          ...sealLinkTokens(keyring, tokens),
        }),
      );
      return saved.linkId;
    },
    async accessToken(mailbox) {
      return (await signIn(identity, mailbox)).accessToken;
    },
    async mailboxEvents(mailbox) {
      const response = await control("GET", `/mailboxes/${encodeURIComponent(mailbox)}/events`);
      if (response.status !== 200) throw new Error(`emulator answered ${response.status}`);
      const body = (await response.json()) as { value: EmulatorEvent[] };
      return body.value;
    },
    control,
    close: () => emulator.close(),
  };
}

/** The authorization code flow through the emulator's pages, as a person linking would. */
async function signIn(identity: MicrosoftIdentity, mailbox: string) {
  const pkce = createPkcePair();
  const url = await identity.authorizeUrl({ state: "s", codeChallenge: pkce.challenge, redirectUri: REDIRECT_URI });
  const redirect = await driveSignIn(url, mailbox);
  const code = redirect.searchParams.get("code");
  if (!code) throw new Error(`sign-in gave no code: ${redirect.toString()}`);
  return identity.redeemCode({ code, codeVerifier: pkce.verifier, redirectUri: REDIRECT_URI });
}

export interface SyncedOrganizations {
  database: Database;
  harness: SyncHarness;
  /** The two organizations of createTwoOrganizations, in its order. */
  org: OrgFixture;
  other: OrgFixture;
  /** Closes the harness, then the database. */
  close(): Promise<void>;
}

/** A fresh test database with two organizations, the integration on in both, and a sync harness over it. */
export async function startSyncedOrganizations(): Promise<SyncedOrganizations> {
  const database = await createTestDatabase();
  try {
    const [org, other] = await createTwoOrganizations(database.db);
    await database.db.update(orgOptions).set({ integrationEnabled: true });
    const harness = await createSyncHarness(database);
    return {
      database,
      harness,
      org,
      other,
      async close() {
        await harness.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
