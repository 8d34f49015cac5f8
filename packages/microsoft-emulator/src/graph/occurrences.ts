// The instances a calendar shows: single events as they are, series expanded into occurrences
// with ids that encode series and original start, so an occurrence can be fetched by its id.
import type { EmulatorContext } from "../context.ts";
import type { StoredCalendar, StoredEvent } from "../model.ts";
import { occurrenceStarts } from "../recurrence.ts";
import type { Caller } from "./caller.ts";
import { graphErrors } from "./errors.ts";
import { singleInstance, type Instance } from "./eventView.ts";

const OCCURRENCE_PREFIX = "AAMkAGOcc";
const DAY_MS = 86_400_000;
const OCCURRENCE_SUFFIX = "AAA=";

function occurrenceId(masterId: string, originalStartMs: number): string {
  return `${OCCURRENCE_PREFIX}${Buffer.from(`${masterId}|${originalStartMs}`).toString("base64url")}${OCCURRENCE_SUFFIX}`;
}

function parseOccurrenceId(id: string): { masterId: string; originalStartMs: number } | undefined {
  if (!id.startsWith(OCCURRENCE_PREFIX) || !id.endsWith(OCCURRENCE_SUFFIX)) return undefined;
  const decoded = Buffer.from(id.slice(OCCURRENCE_PREFIX.length, -OCCURRENCE_SUFFIX.length), "base64url").toString("utf8");
  const separator = decoded.lastIndexOf("|");
  const originalStartMs = Number(decoded.slice(separator + 1));
  if (separator < 0 || !Number.isFinite(originalStartMs)) return undefined;
  return { masterId: decoded.slice(0, separator), originalStartMs };
}

/** The occurrence of `master` the pattern puts at `startMs`, as changed on its own if it was; undefined when cancelled. */
function occurrence(master: StoredEvent, startMs: number): Instance | undefined {
  const id = occurrenceId(master.id, startMs);
  const exception = master.exceptions[String(startMs)];
  if (exception?.cancelled) return undefined;
  if (exception) {
    const { event } = exception;
    return { id, event, type: "exception", startMs: event.startMs, endMs: event.endMs, originalStartMs: startMs, seriesMaster: master, changeKey: event.changeKey };
  }
  return {
    id,
    event: master,
    type: "occurrence",
    startMs,
    endMs: startMs + (master.endMs - master.startMs),
    originalStartMs: startMs,
    seriesMaster: master,
    changeKey: master.changeKey,
  };
}

function overlaps(startMs: number, endMs: number, fromMs: number, toMs: number): boolean {
  if (startMs === endMs) return startMs >= fromMs && startMs < toMs;
  return startMs < toMs && endMs > fromMs;
}

/** What calendarView shows between two instants: single events and occurrences, by start time. */
export function instancesBetween(events: readonly StoredEvent[], fromMs: number, toMs: number): Instance[] {
  const instances: Instance[] = [];
  for (const event of events) {
    if (!event.recurrence) {
      if (overlaps(event.startMs, event.endMs, fromMs, toMs)) instances.push(singleInstance(event));
      continue;
    }
    // An exception may have moved up to a day earlier than the window; look that far ahead.
    for (const start of occurrenceStarts(event.recurrence, event, toMs + DAY_MS)) {
      const instance = occurrence(event, start);
      if (instance && overlaps(instance.startMs, instance.endMs, fromMs, toMs)) instances.push(instance);
    }
  }
  return instances.sort((left, right) => left.startMs - right.startMs || left.id.localeCompare(right.id));
}

/** An event, or one occurrence of a series, by id; undefined when there is no such thing (or it was cancelled). */
export function instanceById(events: ReadonlyMap<string, StoredEvent>, id: string): Instance | undefined {
  const direct = events.get(id);
  if (direct) return singleInstance(direct);
  const parsed = parseOccurrenceId(id);
  const master = parsed ? events.get(parsed.masterId) : undefined;
  if (!parsed || !master?.recurrence) return undefined;
  if (!occurrenceStarts(master.recurrence, master, parsed.originalStartMs + 1).includes(parsed.originalStartMs)) return undefined;
  return occurrence(master, parsed.originalStartMs);
}

/** The instance as the caller may see it through a path (404 otherwise). */
export function findInstance(context: EmulatorContext, caller: Caller, calendar: StoredCalendar | null, id: string | undefined): Instance {
  const instance = id === undefined ? undefined : instanceById(context.store.events, id);
  const event = instance?.event;
  if (!instance || event?.mailbox !== caller.mailbox.address || (calendar !== null && event.calendarId !== calendar.id)) throw graphErrors.itemNotFound();
  return instance;
}
