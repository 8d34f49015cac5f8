/**
 * The emulator's first few thousand requests run code V8 has not optimized yet, at two to
 * four times the CPU of later ones (1.5 ms against 0.4 ms per create on this machine). The
 * raw loop always meets a warm emulator, since it runs after the product; so each stage
 * warms its emulator up before the product starts, and both sides of a ratio meet the same
 * stand-in.
 */
import { rawCreates } from "./rawLoad.ts";
import { signInMailboxes } from "./signIns.ts";

/** Enough creates for the emulator's per-request CPU to settle (measured: it stops falling after about 3,000). */
const WARM_UP_CREATES = 4000;
const WARM_UP_MAILBOXES = 8;

export interface WarmUp {
  /** Creates the warm-up made: figures counted from the emulator's totals leave them out. */
  creates: number;
  /** Its own mailboxes, which no figure counts. */
  mailboxes: ReadonlySet<string>;
}

/** Sends creates to mailboxes of its own, as many in flight as the worker can have. */
export async function warmUpEmulator(emulatorUrl: string, appUrl: string, requests = WARM_UP_CREATES): Promise<WarmUp> {
  const signedIn = await signInMailboxes(emulatorUrl, appUrl, Array.from({ length: WARM_UP_MAILBOXES }, (_, i) => `warm-up-${i + 1}@bench.test`));
  const run = await rawCreates({ graphBaseUrl: `${emulatorUrl}/v1.0`, accessTokens: signedIn.map((m) => m.accessToken), requests, concurrency: 4 * WARM_UP_MAILBOXES });
  if (run.failed > 0) throw new Error(`${run.failed} of the emulator's warm-up requests failed`);
  return { creates: requests, mailboxes: new Set(signedIn.map((m) => m.address)) };
}
