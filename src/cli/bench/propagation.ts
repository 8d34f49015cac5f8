/**
 * Many linked mailboxes under a steady stream of session changes through the API (one in
 * three a new session, the others a reschedule, each session changed once), sent on a
 * fixed schedule whatever the answers. Propagation is the time from the API's answer (the
 * change has committed) to the moment the emulator stored the event (its createdDateTime or
 * lastModifiedDateTime); the API figures are those requests' own latencies.
 */
import { signInToApi } from "../chaos/apiClient.ts";
import { CHAOS_PASSWORD } from "../chaos/seedChaos.ts";
import { summarize, sleep, waitFor, type LatencySummary } from "./figures.ts";
import { seedLinkedHosts } from "./seedLoad.ts";
import { openStage, type Stage, type StageOptions } from "./stage.ts";

export interface PropagationFigures {
  mailboxes: number;
  changes: number;
  acknowledged: number;
  propagation: LatencySummary;
  api: LatencySummary;
}

interface Change {
  kind: "create" | "reschedule";
  sessionId: string | undefined;
  mailbox: string;
  startsAt: string;
  answeredMs: number;
  apiMs: number;
  ackMs?: number;
}

interface HeldEvent {
  start: { dateTime: string };
  createdDateTime: string;
  lastModifiedDateTime: string;
  singleValueExtendedProperties?: Array<{ id: string; value: string }>;
}

const SESSIONS_PER_HOST = 10;

export async function measurePropagation(
  stageOptions: Omit<StageOptions, "name" | "hosts" | "web">,
  input: { mailboxes: number; changesPerSec: number; durationSec: number },
): Promise<PropagationFigures> {
  const stage = await openStage({ ...stageOptions, name: "propagation", hosts: input.mailboxes, web: true }, async (context) => {
    await seedLinkedHosts(context, { sessionsPerHost: SESSIONS_PER_HOST, spacingMin: 24 * 60, dirtyPerLink: SESSIONS_PER_HOST });
  });
  try {
    // The initial copies first: the stream of changes starts on quiet mailboxes.
    const copied = await waitFor(async () => {
      const total = await stage.productEventCount();
      return total >= input.mailboxes * SESSIONS_PER_HOST;
    }, 300_000, 250);
    if (!copied) throw new Error("the initial copies did not finish within 5 minutes");
    const changes = await streamChanges(stage, input);
    await waitFor(async () => (await acknowledge(stage, changes)) === changes.length, 120_000, 500);
    const acknowledged = changes.filter((c) => c.ackMs !== undefined);
    return {
      mailboxes: input.mailboxes,
      changes: changes.length,
      acknowledged: acknowledged.length,
      propagation: summarize(acknowledged.map((c) => c.ackMs! - c.answeredMs)),
      api: summarize(changes.map((c) => c.apiMs)),
    };
  } finally {
    await stage.close();
  }
}

async function streamChanges(stage: Stage, input: { changesPerSec: number; durationSec: number }): Promise<Change[]> {
  const { people } = stage;
  const admin = await signInToApi(stage.appUrl, people.admin.email, CHAOS_PASSWORD);
  const listed = await admin.request("GET", "/api/sessions");
  const untouched = (listed.body as { sessions: Array<{ id: string; host: { id: string } }> }).sessions;
  const mailboxOf = new Map(people.hosts.map((h) => [h.id, h.mailbox]));
  const total = Math.round(input.changesPerSec * input.durationSec);
  const changes: Change[] = [];
  const pending: Promise<void>[] = [];
  const startedMs = Date.now();
  for (let i = 0; i < total; i++) {
    const dueMs = startedMs + (i * 1000) / input.changesPerSec;
    if (dueMs > Date.now()) await sleep(dueMs - Date.now());
    // A fresh start for every change, on the quarter hour, days ahead.
    const startsAt = new Date(Math.ceil(Date.now() / 900_000) * 900_000 + 3 * 86_400_000 + (i % 500) * 900_000).toISOString();
    const target = i % 3 === 0 ? undefined : untouched.pop();
    const host = target ? target.host.id : people.hosts[i % people.hosts.length]!.id;
    pending.push(
      (async () => {
        const sentMs = Date.now();
        const response = target
          ? await admin.request("PATCH", `/api/sessions/${target.id}`, { startsAt })
          : await admin.request("POST", "/api/sessions", { title: `Bench ${i}`, hostId: host, startsAt, durationMin: 30, timeZone: "Europe/London", participants: [] });
        const answeredMs = Date.now();
        if (response.status >= 300) throw new Error(`a session change answered ${response.status}: ${JSON.stringify(response.body)}`);
        const sessionId = target?.id ?? (response.body as { id: string }).id;
        changes.push({ kind: target ? "reschedule" : "create", sessionId, mailbox: mailboxOf.get(host)!, startsAt, answeredMs, apiMs: answeredMs - sentMs });
      })(),
    );
  }
  await Promise.all(pending);
  return changes;
}

/** Finds each change's event in its mailbox, showing the change; returns how many are acknowledged. */
async function acknowledge(stage: Stage, changes: Change[]): Promise<number> {
  const waiting = new Set(changes.filter((c) => c.ackMs === undefined).map((c) => c.mailbox));
  for (const mailbox of waiting) {
    const response = await stage.emulator.control("GET", `/mailboxes/${mailbox}/events`);
    const events = ((await response.json()) as { value: HeldEvent[] }).value;
    const bySession = new Map(events.map((e) => [e.singleValueExtendedProperties?.find((p) => p.id.endsWith("Name SessionId"))?.value, e]));
    for (const change of changes) {
      if (change.mailbox !== mailbox || change.ackMs !== undefined) continue;
      const event = bySession.get(change.sessionId);
      if (!event || utc(event.start.dateTime) !== Date.parse(change.startsAt)) continue;
      change.ackMs = utc(change.kind === "create" ? event.createdDateTime : event.lastModifiedDateTime);
    }
  }
  return changes.filter((c) => c.ackMs !== undefined).length;
}

/** The control API writes UTC times with up to seven fraction digits and, for dateTime, no zone. */
function utc(dateTime: string): number {
  const [whole, fraction = "0"] = dateTime.replace(/Z$/, "").split(".");
  return Date.parse(`${whole}Z`) + Math.round(Number(`0.${fraction}`) * 1000);
}
