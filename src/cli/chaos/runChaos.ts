/**
 * A chaos run: the product's real processes against the Microsoft emulator, a seeded random
 * stream of session changes through the API, faults injected into Microsoft, processes
 * killed with SIGKILL and restarted, a consent revoked and restored; then wait for quiet and
 * compare every mailbox with what it should hold.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "microsoft-emulator";
import { SESSION_PROPERTY_ID } from "../../microsoft/eventPayload.ts";
import { EMULATOR_CLIENT } from "../services.ts";
import { signInToApi, type ApiClient } from "./apiClient.ts";
import { compareMailbox, sumVerdicts, type ForeignEvent, type HeldEvent, type MailboxVerdict } from "./compare.ts";
import { productEnv, startProductProcess, type ProductProcess } from "./processes.ts";
import { control } from "./emulatorControl.ts";
import { linkMailbox } from "./linkMailbox.ts";
import { seededRandom, type Random } from "./random.ts";
import { createScratchDatabase } from "./scratchDatabase.ts";
import { CHAOS_PASSWORD, seedChaosOrganization, type ChaosPeople } from "./seedChaos.ts";
import { freePort } from "../freePort.ts";

export interface ChaosOptions {
  seed: number;
  mailboxes: number;
  mutations: number;
  /** Worker processes beside the web process (PostgreSQL only; PGlite runs one product process). */
  workers: number;
  kills: number;
  databaseUrl: string | undefined;
  workDir: string;
  quietTimeoutSec: number;
}

export interface ChaosSummary extends MailboxVerdict {
  seed: number;
  database: "pglite" | "postgres";
  mailboxes: number;
  mutations: number;
  mutationsApplied: number;
  workerProcesses: number;
  faultsInjected: number;
  workerKills: number;
  consentRevocations: number;
  secondsToQuiet: number | null;
  peakInFlightPerMailbox: number;
}

const TIME_ZONES = ["America/New_York", "America/Detroit", "Europe/London", "Asia/Ho_Chi_Minh", "Australia/Sydney", "UTC"];
const EXPECTED_SUBJECT = "Video session";

/** Each a burst of trouble Microsoft really produces; drawn at random during the run. */
const FAULT_BURSTS: ReadonlyArray<Record<string, unknown>> = [
  { path: "/v1.0/me/events*", status: 429, retryAfter: 1, count: 6 },
  { method: "POST", path: "/v1.0/me/events", status: 503, count: 2 },
  { method: "PATCH", path: "/v1.0/me/events/*", status: 504, count: 2 },
  { path: "/v1.0/me/events*", latencyMs: 1500, count: 4 },
  { method: "POST", path: "/v1.0/me/events", dropResponse: true, count: 2 },
  { method: "DELETE", path: "/v1.0/me/events/*", dropResponse: true, count: 1 },
  { path: "/v1.0/me/events*", reset: true, count: 2 },
  { path: "/common/oauth2/v2.0/token", status: 503, count: 1 },
];

export async function runChaos(options: ChaosOptions, progress: (line: string) => void): Promise<ChaosSummary> {
  const random = seededRandom(options.seed);
  mkdirSync(options.workDir, { recursive: true });
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const emulator = await startEmulator({
    port: 0,
    apps: [{ ...EMULATOR_CLIENT, redirectUris: [`${appUrl}/auth/microsoft/callback`] }],
  });
  const processes: ProductProcess[] = [];
  let dropDatabase: (() => Promise<void>) | undefined;
  try {
    const { env, people, drop } = await prepareDatabase(options, appUrl, emulator);
    dropDatabase = drop;
    const logFile = join(options.workDir, "product.log");
    if (options.databaseUrl) {
      processes.push(await startProductProcess({ entry: "web", env, readyUrl: appUrl, logFile }));
      for (let i = 0; i < options.workers; i++) processes.push(await startProductProcess({ entry: "worker", env, logFile }));
    } else {
      processes.push(await startProductProcess({ entry: "start", env, readyUrl: appUrl, logFile }));
    }
    const killable = options.databaseUrl ? processes.filter((p) => p.entry === "worker") : processes;
    progress(`product up at ${appUrl} (${processes.length} processes); linking ${people.hosts.length} mailboxes`);

    for (const host of people.hosts) await linkMailbox(appUrl, emulator.url, host, CHAOS_PASSWORD);
    const foreign = await createForeignEvents(emulator.url, people);

    let admin = await signInToApi(appUrl, people.admin.email, CHAOS_PASSWORD);
    const known: string[] = [];
    let applied = 0;
    let kills = 0;
    let revoked: (typeof people.hosts)[number] | undefined;
    let revocations = 0;
    const killEvery = Math.max(1, Math.floor(options.mutations / (options.kills + 1)));

    for (let i = 0; i < options.mutations; i++) {
      if (random.chance(0.12)) await addFaults(emulator.url, [random.pick(FAULT_BURSTS)]);
      if (i === Math.floor(options.mutations / 3) && people.hosts.length > 0) {
        revoked = random.pick(people.hosts);
        await control(emulator.url, "POST", `/mailboxes/${revoked.mailbox}/revoke`, { reason: "consent" });
        revocations++;
      }
      if (i === Math.floor((2 * options.mutations) / 3) && revoked) {
        await linkMailbox(appUrl, emulator.url, revoked, CHAOS_PASSWORD);
        revoked = undefined;
      }
      if (kills < options.kills && i > 0 && i % killEvery === 0) {
        const victim = random.pick(killable);
        await victim.kill();
        kills++;
        await victim.restart();
        // A restarted web process forgot nothing, but a restarted all-in-one process means new sign-ins.
        if (!options.databaseUrl) admin = await signInToApi(appUrl, people.admin.email, CHAOS_PASSWORD);
      }
      if (await mutate(admin, random, people, known)) applied++;
    }
    if (revoked) await linkMailbox(appUrl, emulator.url, revoked, CHAOS_PASSWORD);
    await control(emulator.url, "DELETE", "/faults");
    progress(`${applied} of ${options.mutations} changes applied, ${kills} kills; waiting for quiet`);

    const quietStartMs = Date.now();
    let verdict = await verdictOf(admin, emulator.url, people, foreign);
    while (!isClean(verdict) && Date.now() - quietStartMs < options.quietTimeoutSec * 1000) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      verdict = await verdictOf(admin, emulator.url, people, foreign);
      if (process.env.CHAOS_DEBUG) progress(JSON.stringify(verdict));
    }
    const stats = emulator.stats();
    return {
      seed: options.seed,
      database: options.databaseUrl ? "postgres" : "pglite",
      mailboxes: options.mailboxes,
      mutations: options.mutations,
      mutationsApplied: applied,
      workerProcesses: options.databaseUrl ? options.workers : 1,
      faultsInjected: stats.faultsInjected,
      workerKills: kills,
      consentRevocations: revocations,
      ...verdict,
      secondsToQuiet: isClean(verdict) ? Math.round((Date.now() - quietStartMs) / 100) / 10 : null,
      peakInFlightPerMailbox: Math.max(0, ...Object.values(stats.peakInFlight)),
    };
  } finally {
    for (const process of processes) await process.stop().catch(() => undefined);
    await emulator.close();
    await dropDatabase?.();
  }
}

function isClean(verdict: MailboxVerdict): boolean {
  return verdict.missing + verdict.duplicates + verdict.orphans + verdict.stale + verdict.foreignTouched === 0;
}

async function prepareDatabase(
  options: ChaosOptions,
  appUrl: string,
  emulator: RunningEmulator,
): Promise<{ env: Record<string, string>; people: ChaosPeople; drop: () => Promise<void> }> {
  const scratch = await createScratchDatabase({
    databaseUrl: options.databaseUrl,
    workDir: options.workDir,
    namePrefix: `careroom_chaos_${options.seed}`,
  });
  const people = await seedChaosOrganization(scratch.database.db, options.mailboxes);
  await scratch.database.close();
  return { env: { ...productEnv(appUrl, emulator.url), WORKER_POLL_MS: "200", ...scratch.env }, people, drop: scratch.drop };
}

async function createForeignEvents(emulatorUrl: string, people: ChaosPeople): Promise<Map<string, ForeignEvent[]>> {
  const foreign = new Map<string, ForeignEvent[]>();
  for (const host of people.hosts) {
    const events: ForeignEvent[] = [];
    for (const [subject, day] of [["Dentist", "2026-12-28"], ["Team lunch", "2026-12-29"]] as const) {
      const response = await control(emulatorUrl, "POST", `/mailboxes/${host.mailbox}/events`, {
        subject,
        start: { dateTime: `${day}T12:00:00`, timeZone: "UTC" },
        end: { dateTime: `${day}T13:00:00`, timeZone: "UTC" },
      });
      const created = (await response.json()) as { id: string };
      events.push({ id: created.id, subject, startsAt: new Date(`${day}T12:00:00Z`), endsAt: new Date(`${day}T13:00:00Z`) });
    }
    foreign.set(host.mailbox, events);
  }
  return foreign;
}

/** One random change through the API, the way a scheduler would make it. */
async function mutate(admin: ApiClient, random: Random, people: ChaosPeople, known: string[]): Promise<boolean> {
  const kind = known.length === 0 ? 0 : random.next();
  const target = known.length > 0 ? random.pick(known) : undefined;
  const start = () => {
    const quarterHours = random.int(4 * 24, 4 * 24 * 20);
    const at = new Date(Date.now() + quarterHours * 15 * 60_000);
    at.setUTCMinutes(Math.floor(at.getUTCMinutes() / 15) * 15, 0, 0);
    return at.toISOString();
  };
  let response;
  if (kind < 0.35 || !target) {
    response = await admin.request("POST", "/api/sessions", {
      title: `Chaos ${random.int(1, 9999)}`,
      hostId: random.pick(people.hosts).id,
      startsAt: start(),
      durationMin: random.pick([30, 45, 60]),
      timeZone: random.pick(TIME_ZONES),
      participants: [{ name: "Pat Example", email: "pat@example.test", phone: null }],
    });
    if (response.status === 201) known.push((response.body as { id: string }).id);
  } else if (kind < 0.6) {
    response = await admin.request("PATCH", `/api/sessions/${target}`, {
      startsAt: start(),
      ...(random.chance(0.5) ? { durationMin: random.pick([30, 45, 60, 90]) } : {}),
      ...(random.chance(0.3) ? { timeZone: random.pick(TIME_ZONES) } : {}),
    });
  } else if (kind < 0.75) {
    response = await admin.request("PATCH", `/api/sessions/${target}`, { hostId: random.pick(people.hosts).id });
  } else if (kind < 0.85) {
    response = await admin.request("PATCH", `/api/sessions/${target}`, { title: `Renamed ${random.int(1, 9999)}` });
  } else if (kind < 0.95) {
    response = await admin.request("POST", `/api/sessions/${target}/cancel`);
  } else {
    response = await admin.request("DELETE", `/api/sessions/${target}`);
  }
  if (response.status === 404 || response.status === 409) known.splice(known.indexOf(target ?? ""), 1);
  return response.status >= 200 && response.status < 300;
}

async function verdictOf(
  admin: ApiClient,
  emulatorUrl: string,
  people: ChaosPeople,
  foreign: Map<string, ForeignEvent[]>,
): Promise<MailboxVerdict> {
  const listed = await admin.request("GET", "/api/sessions");
  const sessions = (listed.body as { sessions: Array<{ id: string; host: { id: string }; startsAt: string; endsAt: string; status: string }> })
    .sessions;
  const verdicts: MailboxVerdict[] = [];
  for (const host of people.hosts) {
    const response = await control(emulatorUrl, "GET", `/mailboxes/${host.mailbox}/events`);
    const held = ((await response.json()) as { value: RawEvent[] }).value.map(toHeld);
    const desired = sessions
      .filter((s) => s.host.id === host.id && s.status === "scheduled")
      .map((s) => ({ sessionId: s.id, startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) }));
    verdicts.push(compareMailbox({ desired, held, foreign: foreign.get(host.mailbox) ?? [], expectedSubject: EXPECTED_SUBJECT }));
  }
  return sumVerdicts(verdicts);
}

interface RawEvent {
  id: string;
  subject: string;
  start: { dateTime: string };
  end: { dateTime: string };
  singleValueExtendedProperties?: Array<{ id: string; value: string }>;
}

/** The control API renders times in UTC, with up to seven fraction digits and no zone suffix. */
function toHeld(event: RawEvent): HeldEvent {
  const utc = (dateTime: string) => new Date(`${dateTime.replace(/\.\d+$/, "")}Z`);
  return {
    id: event.id,
    subject: event.subject,
    startsAt: utc(event.start.dateTime),
    endsAt: utc(event.end.dateTime),
    sessionId: event.singleValueExtendedProperties?.find((p) => p.id === SESSION_PROPERTY_ID)?.value ?? null,
  };
}

async function addFaults(emulatorUrl: string, faults: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  await control(emulatorUrl, "POST", "/faults", { faults });
}
