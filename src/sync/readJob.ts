/**
 * The worker job of the read side: claims one link whose Outlook read is due, keeps its
 * change-notification subscription (when the server can receive notifications), reads
 * the calendar's changes into the cache, and lets the link go.
 */
import type { CalendarReader } from "../domain/outlookRead.ts";
import type { CalendarProvider } from "../domain/provider.ts";
import { releaseLink } from "../store/mirror/claimLink.ts";
import { claimReadLink, type ClaimedReadLink } from "../store/readSide/claimReadLink.ts";
import { readCalendar, type ReadCalendarDeps } from "./readCalendar.ts";
import { keepSubscription } from "./readSubscription.ts";
import type { WorkerJob } from "./worker.ts";

export interface ReadJobDeps extends Omit<ReadCalendarDeps, "workerId"> {
  readerFor(link: ClaimedReadLink): CalendarReader;
  providerFor(link: ClaimedReadLink): CalendarProvider;
  /** Null when Microsoft cannot reach this server: then polling alone keeps the cache fresh. */
  notificationUrl: string | null;
}

export function createReadJob(deps: ReadJobDeps): WorkerJob {
  return {
    name: "outlook-read",
    async runOnce(workerId) {
      const link = await claimReadLink(deps.db, workerId, deps.leaseSec);
      if (!link) return false;
      try {
        const reader = deps.readerFor(link);
        if (deps.notificationUrl !== null) await keepSubscription(link, reader, { ...deps, notificationUrl: deps.notificationUrl });
        await readCalendar(link, reader, deps.providerFor(link), { ...deps, workerId });
      } finally {
        await releaseLink(deps.db, link.id, workerId);
      }
      return true;
    },
  };
}
