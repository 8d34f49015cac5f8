/**
 * The worker's resident memory with many links and mirror items: every link has one dirty
 * item, so the worker claims, signs in to and pushes to every mailbox once (its per-mailbox
 * state: tokens, limiters), while the other items sit clean in the database. Sampled from
 * /proc while it works and after it is done.
 */
import { sleep, round, waitFor } from "./figures.ts";
import { watchRss } from "./procStats.ts";
import { seedLinkedHosts } from "./seedLoad.ts";
import { openStage, type StageOptions } from "./stage.ts";

export interface MemoryFigures {
  links: number;
  mirrorItems: number;
  workerRssMb: number;
  workerRssAfterMb: number;
  signInSeconds: number;
}

export async function measureMemory(
  stageOptions: Omit<StageOptions, "name" | "latencyMs" | "hosts" | "web">,
  input: { links: number; mirrorItems: number; timeoutSec: number },
): Promise<MemoryFigures> {
  const itemsPerLink = Math.max(1, Math.round(input.mirrorItems / input.links));
  let signInSeconds = 0;
  const stage = await openStage({ ...stageOptions, name: "memory", latencyMs: 0, hosts: input.links, web: false }, async (context) => {
    ({ signInSeconds } = await seedLinkedHosts(context, { sessionsPerHost: itemsPerLink, spacingMin: 24 * 60, dirtyPerLink: 1 }));
  });
  try {
    const rss = watchRss(stage.workerPid);
    const done = await waitFor(async () => {
      const total = await stage.productEventCount();
      return total >= input.links;
    }, input.timeoutSec * 1000, 500);
    if (!done) throw new Error(`the worker did not reach every mailbox within ${input.timeoutSec} s`);
    // A few idle polls after the work, so what the worker keeps (not only what it used) shows.
    await sleep(3000);
    const { peakMb, lastMb } = rss.stop();
    return {
      links: input.links,
      mirrorItems: input.links * itemsPerLink,
      workerRssMb: round(peakMb),
      workerRssAfterMb: round(lastMb),
      signInSeconds: round(signInSeconds, 1),
    };
  } finally {
    await stage.close();
  }
}
