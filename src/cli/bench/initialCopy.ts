/**
 * A host with many sessions links their mailbox through the real flow (API, Microsoft's
 * pages, callback); the copy is timed from the callback to the last event in Outlook and
 * set beside what Microsoft's 4-in-flight limit allows for the requests it took, and beside
 * what the raw loop reaches against the same emulator. The same stage then serves the
 * calendar range scenario, which needs a linked host with history.
 */
import { linkMailbox } from "../chaos/linkMailbox.ts";
import { CHAOS_PASSWORD } from "../chaos/seedChaos.ts";
import { graphRequests } from "./emulatorProcess.ts";
import { round, waitFor } from "./figures.ts";
import { rawCreates } from "./rawLoad.ts";
import { seedSessions } from "./seedLoad.ts";
import { signInMailboxes } from "./signIns.ts";
import type { SeedContext, Stage } from "./stage.ts";

export interface InitialCopyFigures {
  sessions: number;
  requests: number;
  seconds: number;
  ceilingSeconds: number;
  ceilingRatio: number;
  throttled: number;
  /**
   * The same number of creates from the raw loop, 4 in flight to one other mailbox of the
   * same emulator: the ratio the stand-in itself allows, so the product's share of the gap
   * to 1 is `rawCeilingRatio - ceilingRatio`.
   */
  rawCeilingRatio: number;
}

/** A mailbox of its own for the raw loop, so the host's mailbox and calendar stay as the product left them. */
const YARDSTICK_MAILBOX = "yardstick@bench.test";

/** Sessions from tomorrow on, two hours apart, so a month holds about half of a thousand. */
export function seedCopySessions(context: SeedContext, sessions: number): Promise<void> {
  const host = context.people.hosts[0]!;
  return seedSessions(context.db, {
    orgId: context.people.orgId,
    createdBy: context.people.admin.id,
    hostIds: [host.id],
    perHost: sessions,
    firstStartAt: new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 86_400_000),
    spacingMin: Math.floor((60 * 24 * 60) / sessions),
  });
}

export async function measureInitialCopy(stage: Stage, input: { sessions: number; latencyMs: number; timeoutSec: number }): Promise<InitialCopyFigures> {
  const host = stage.people.hosts[0]!;
  const before = await stage.emulator.stats();
  await linkMailbox(stage.appUrl, stage.emulator.url, host, CHAOS_PASSWORD);
  // Timed from the callback's answer: the link exists and its sessions are queued.
  const linkedMs = performance.now();
  const copied = await waitFor(async () => {
    const mailbox = (await stage.emulator.mailboxes()).find((m) => m.address === host.mailbox);
    return (mailbox?.eventCount ?? 0) >= input.sessions;
  }, input.timeoutSec * 1000, 25);
  if (!copied) throw new Error(`the initial copy did not finish within ${input.timeoutSec} s`);
  const seconds = (performance.now() - linkedMs) / 1000;
  const after = await stage.emulator.stats();
  // Everything the link cost at Microsoft after the sign-in: the copy, and any read or
  // subscription the worker did meanwhile, since those share the mailbox's 4 slots.
  const requests = graphRequests(after) - graphRequests(before) - 1; // the callback's GET /me
  const ceilingSeconds = ceilingSecondsFor(requests, input.latencyMs);
  const throttled = Object.values(after.throttled).reduce((sum, n) => sum + n, 0) - Object.values(before.throttled).reduce((sum, n) => sum + n, 0);
  const [yardstick] = await signInMailboxes(stage.emulator.url, stage.appUrl, [YARDSTICK_MAILBOX]);
  const raw = await rawCreates({ graphBaseUrl: `${stage.emulator.url}/v1.0`, accessTokens: [yardstick!.accessToken], requests: input.sessions, concurrency: 4 });
  return {
    sessions: input.sessions,
    requests,
    seconds: round(seconds, 2),
    ceilingSeconds: round(ceilingSeconds, 2),
    ceilingRatio: round(ceilingSeconds / seconds, 3),
    throttled,
    rawCeilingRatio: round(ceilingSecondsFor(input.sessions, input.latencyMs) / raw.seconds, 3),
  };
}

/** What Microsoft's 4-in-flight limit allows: each request takes the latency, 4 at a time. */
function ceilingSecondsFor(requests: number, latencyMs: number): number {
  return (requests * latencyMs) / 1000 / 4;
}
