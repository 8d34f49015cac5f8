/**
 * The calendar page's one request, timed: a month holding about 500 of the host's sessions,
 * 500 events of their own in Outlook (made as the user, read back by the worker's read
 * side) and a weekly series, asked for one request after another.
 */
import { signInToApi } from "../chaos/apiClient.ts";
import { CHAOS_PASSWORD } from "../chaos/seedChaos.ts";
import { graphRequests } from "./emulatorProcess.ts";
import { round, summarize, waitFor, type LatencySummary } from "./figures.ts";
import type { Stage } from "./stage.ts";

export interface CalendarRangeFigures extends LatencySummary {
  items: number;
  /** The size of one answer. */
  answerKb: number;
}

const DAY_MS = 86_400_000;

export async function measureCalendarRange(stage: Stage, input: { outlookEvents: number; requests: number }): Promise<CalendarRangeFigures> {
  const host = stage.people.hosts[0]!;
  const from = new Date(Math.ceil(Date.now() / DAY_MS) * DAY_MS + DAY_MS);
  const to = new Date(from.getTime() + 30 * DAY_MS);
  for (let i = 0; i < input.outlookEvents; i++) {
    const start = new Date(from.getTime() + Math.floor((i * 30 * DAY_MS) / input.outlookEvents));
    await stage.emulator.control("POST", `/mailboxes/${host.mailbox}/events`, {
      subject: `Own appointment ${i + 1}`,
      start: { dateTime: start.toISOString().slice(0, 19), timeZone: "UTC" },
      end: { dateTime: new Date(start.getTime() + 30 * 60_000).toISOString().slice(0, 19), timeZone: "UTC" },
    });
  }
  const client = await signInToApi(stage.appUrl, host.email, CHAOS_PASSWORD);
  const series = await client.request("POST", "/api/series", {
    title: "Weekly check-in",
    hostId: host.id,
    durationMin: 30,
    timeZone: "Europe/London",
    rule: { frequency: "weekly", interval: 1, weekdays: [3], end: { kind: "never" } },
    firstStart: { date: from.toISOString().slice(0, 10), time: "08:00" },
  });
  if (series.status !== 201) throw new Error(`creating the weekly series failed: ${series.status} ${JSON.stringify(series.body)}`);
  const path = `/api/calendar?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
  let items: Array<{ kind: string }> = [];
  const read = async (): Promise<void> => {
    const response = await client.request("GET", path);
    if (response.status !== 200) throw new Error(`the calendar answered ${response.status}`);
    items = (response.body as { items: Array<{ kind: string }> }).items;
  };
  // The worker reads Outlook back on the change notifications; wait until it has them all.
  await client.request("POST", "/api/calendar/refresh");
  const cached = await waitFor(async () => {
    await read();
    return items.filter((item) => item.kind === "outlook").length >= input.outlookEvents;
  }, 120_000, 500);
  if (!cached) throw new Error("the worker did not read the Outlook events back within 2 minutes");
  // The series' sessions are still going out to Outlook, and notifications of every change
  // coming back: that is the sync's load, timed by the api figure, not the calendar's own cost.
  if (!(await untilOutlookQuiet(stage, 1500, 300_000))) throw new Error("Outlook was still busy 5 minutes after the setup");
  // Timed until the answer's last byte has arrived, undecoded: decoding and parsing 260 KB
  // each time is the client's work, and its garbage made the load generator itself pause
  // for up to 36 ms inside the timings (seen from the server's own durations).
  const samples: number[] = [];
  let answerBytes = 0;
  for (let i = 0; i < input.requests + 20; i++) {
    const startedMs = performance.now();
    const answer = await client.download(path);
    if (answer.status !== 200) throw new Error(`the calendar answered ${answer.status}`);
    answerBytes = answer.bytes;
    // The first requests warm the server up; they are not counted.
    if (i >= 20) samples.push(answer.receivedMs - startedMs);
  }
  await read();
  return { ...summarize(samples), items: items.length, answerKb: round(answerBytes / 1024) };
}

/** Graph requests answered and change notifications sent so far. */
async function outlookTraffic(stage: Stage): Promise<number> {
  const stats = await stage.emulator.stats();
  return graphRequests(stats) + stats.notificationsDelivered + stats.notificationsFailed;
}

/** Waits until the emulator has answered no Graph request and sent no notification for `quietMs`; false on timeout. */
async function untilOutlookQuiet(stage: Stage, quietMs: number, timeoutMs: number): Promise<boolean> {
  let seen = await outlookTraffic(stage);
  let quietSince = Date.now();
  return waitFor(async () => {
    const now = await outlookTraffic(stage);
    if (now !== seen) [seen, quietSince] = [now, Date.now()];
    return Date.now() - quietSince >= quietMs;
  }, timeoutMs, 250);
}
