// calendarView (with recurring series expanded) and calendarView/delta rounds.
import { describe, expect, it } from "vitest";
import { at, graph, signIn, signedInEmulator } from "./support/helpers.ts";

const emulator = signedInEmulator();

function single(subject: string, day: string, hour = "09"): Record<string, unknown> {
  return {
    subject,
    start: { dateTime: `2026-03-${day}T${hour}:00:00`, timeZone: "UTC" },
    end: { dateTime: `2026-03-${day}T${hour}:30:00`, timeZone: "UTC" },
  };
}

const WINDOW = "startDateTime=2026-03-01T00:00:00Z&endDateTime=2026-04-01T00:00:00Z";

function values(body: unknown): Array<Record<string, unknown>> {
  return at(body, "value") as Array<Record<string, unknown>>;
}

describe("calendarView", () => {
  it("needs both window parameters", async () => {
    const response = await graph(emulator.url, emulator.token, "GET", "/me/calendarView?startDateTime=2026-03-01T00:00:00Z");
    expect(response.status).toBe(400);
    expect(at(response.body, "error", "code")).toBe("ErrorInvalidParameter");
  });

  it("lists instances overlapping the window, in order, paged by 10", async () => {
    for (let day = 1; day <= 12; day++) await graph(emulator.url, emulator.token, "POST", "/me/events", single(`D${day}`, String(day).padStart(2, "0")));
    await graph(emulator.url, emulator.token, "POST", "/me/events", { ...single("April", "01"), start: { dateTime: "2026-04-02T09:00:00", timeZone: "UTC" }, end: { dateTime: "2026-04-02T10:00:00", timeZone: "UTC" } });
    const first = await graph(emulator.url, emulator.token, "GET", `/me/calendarView?${WINDOW}`);
    expect(values(first.body)).toHaveLength(10);
    expect(values(first.body).map((event) => event.subject)).toEqual(["D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "D9", "D10"]);
    const next = String(at(first.body, "@odata.nextLink"));
    const second = (await (await fetch(next, { headers: { authorization: `Bearer ${emulator.token}` } })).json()) as unknown;
    expect(values(second).map((event) => event.subject)).toEqual(["D11", "D12"]);
    expect(at(second, "@odata.nextLink")).toBeUndefined();
  });

  it("expands a weekly series into occurrences that keep their local time across daylight saving", async () => {
    const created = await graph(emulator.url, emulator.token, "POST", "/me/events", {
      subject: "Weekly",
      start: { dateTime: "2026-03-02T09:00:00", timeZone: "Eastern Standard Time" },
      end: { dateTime: "2026-03-02T10:00:00", timeZone: "Eastern Standard Time" },
      recurrence: {
        pattern: { type: "weekly", interval: 1, daysOfWeek: ["Monday"] },
        range: { type: "numbered", startDate: "2026-03-02", numberOfOccurrences: 4 },
      },
    });
    expect(created.status).toBe(201);
    expect(at(created.body, "type")).toBe("seriesMaster");
    expect(at(created.body, "recurrence", "range", "recurrenceTimeZone")).toBe("Eastern Standard Time");
    expect(at(created.body, "recurrence", "pattern", "firstDayOfWeek")).toBe("sunday");
    const view = await graph(emulator.url, emulator.token, "GET", `/me/calendarView?${WINDOW}`, undefined, { Prefer: 'outlook.timezone="Eastern Standard Time"' });
    const occurrences = values(view.body);
    expect(occurrences.map((event) => at(event, "start", "dateTime"))).toEqual([
      "2026-03-02T09:00:00.0000000",
      "2026-03-09T09:00:00.0000000",
      "2026-03-16T09:00:00.0000000",
      "2026-03-23T09:00:00.0000000",
    ]);
    expect(occurrences.every((event) => event.type === "occurrence" && event.seriesMasterId === at(created.body, "id"))).toBe(true);
    const utc = await graph(emulator.url, emulator.token, "GET", `/me/calendarView?${WINDOW}`);
    expect(values(utc.body).map((event) => at(event, "start", "dateTime"))).toEqual([
      "2026-03-02T14:00:00.0000000",
      "2026-03-09T13:00:00.0000000",
      "2026-03-16T13:00:00.0000000",
      "2026-03-23T13:00:00.0000000",
    ]);
    const instances = await graph(emulator.url, emulator.token, "GET", `/me/events/${encodeURIComponent(String(at(created.body, "id")))}/instances?startDateTime=2026-03-08T00:00:00Z&endDateTime=2026-03-20T00:00:00Z`);
    expect(values(instances.body).map((event) => event.id)).toEqual([occurrences[1]?.id, occurrences[2]?.id]);
    const one = await graph(emulator.url, emulator.token, "GET", `/me/events/${encodeURIComponent(String(occurrences[1]?.id))}`);
    expect(one.status).toBe(200);
    expect(at(one.body, "type")).toBe("occurrence");
  });

  it("changes and cancels single occurrences (exceptions), and drops them when the series times change", async () => {
    const created = await graph(emulator.url, emulator.token, "POST", "/me/events", {
      subject: "Daily",
      start: { dateTime: "2026-03-09T09:00:00", timeZone: "UTC" },
      end: { dateTime: "2026-03-09T09:30:00", timeZone: "UTC" },
      recurrence: { pattern: { type: "daily", interval: 1 }, range: { type: "numbered", startDate: "2026-03-09", numberOfOccurrences: 3 } },
    });
    const masterId = String(at(created.body, "id"));
    const first = values((await graph(emulator.url, emulator.token, "GET", `/me/calendarView?${WINDOW}`)).body);
    expect(first).toHaveLength(3);
    const moved = await graph(emulator.url, emulator.token, "PATCH", `/me/events/${encodeURIComponent(String(first[1]?.id))}`, {
      subject: "Daily (moved)",
      start: { dateTime: "2026-03-10T11:00:00", timeZone: "UTC" },
      end: { dateTime: "2026-03-10T11:30:00", timeZone: "UTC" },
    });
    expect(moved.status).toBe(200);
    expect(at(moved.body, "type")).toBe("exception");
    expect(at(moved.body, "id")).toBe(first[1]?.id);
    expect(at(moved.body, "seriesMasterId")).toBe(masterId);
    expect((await graph(emulator.url, emulator.token, "DELETE", `/me/events/${encodeURIComponent(String(first[2]?.id))}`)).status).toBe(204);
    expect((await graph(emulator.url, emulator.token, "GET", `/me/events/${encodeURIComponent(String(first[2]?.id))}`)).status).toBe(404);
    const after = values((await graph(emulator.url, emulator.token, "GET", `/me/calendarView?${WINDOW}`)).body);
    expect(after.map((event) => `${String(event.type)} ${String(event.subject)} ${String(at(event, "start", "dateTime")).slice(11, 16)}`)).toEqual([
      "occurrence Daily 09:00",
      "exception Daily (moved) 11:00",
    ]);
    await graph(emulator.url, emulator.token, "PATCH", `/me/events/${encodeURIComponent(masterId)}`, {
      start: { dateTime: "2026-03-09T08:00:00", timeZone: "UTC" },
      end: { dateTime: "2026-03-09T08:30:00", timeZone: "UTC" },
    });
    const reset = values((await graph(emulator.url, emulator.token, "GET", `/me/calendarView?${WINDOW}`)).body);
    expect(reset.map((event) => `${String(event.type)} ${String(at(event, "start", "dateTime")).slice(11, 16)}`)).toEqual(["occurrence 08:00", "occurrence 08:00", "occurrence 08:00"]);
  });

  it("expands relative monthly and daily patterns with end dates", async () => {
    await graph(emulator.url, emulator.token, "POST", "/me/events", {
      subject: "Last Friday",
      start: { dateTime: "2026-01-30T15:00:00", timeZone: "UTC" },
      end: { dateTime: "2026-01-30T16:00:00", timeZone: "UTC" },
      recurrence: { pattern: { type: "relativeMonthly", interval: 1, daysOfWeek: ["friday"], index: "last" }, range: { type: "noEnd", startDate: "2026-01-30" } },
    });
    await graph(emulator.url, emulator.token, "POST", "/me/events", {
      subject: "Every other day",
      start: { dateTime: "2026-03-10T08:00:00", timeZone: "UTC" },
      end: { dateTime: "2026-03-10T08:15:00", timeZone: "UTC" },
      recurrence: { pattern: { type: "daily", interval: 2 }, range: { type: "endDate", startDate: "2026-03-10", endDate: "2026-03-16" } },
    });
    const view = await graph(emulator.url, emulator.token, "GET", `/me/calendarView?${WINDOW}&$top=50`);
    const starts = values(view.body).map((event) => `${String(event.subject)} ${String(at(event, "start", "dateTime")).slice(0, 10)}`);
    expect(starts).toEqual(["Every other day 2026-03-10", "Every other day 2026-03-12", "Every other day 2026-03-14", "Every other day 2026-03-16", "Last Friday 2026-03-27"]);
  });
});

describe("calendarView/delta", () => {
  async function follow(url: string, pageSize: number): Promise<{ items: Array<Record<string, unknown>>; deltaLink: string; pages: number }> {
    const items: Array<Record<string, unknown>> = [];
    let next: string | undefined = url;
    let pages = 0;
    for (;;) {
      const response = await fetch(next, { headers: { authorization: `Bearer ${emulator.token}`, Prefer: `odata.maxpagesize=${pageSize}` } });
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      pages++;
      items.push(...values(body));
      if (typeof body["@odata.nextLink"] === "string") {
        expect(body["@odata.nextLink"]).toContain("$skiptoken=");
        next = body["@odata.nextLink"];
        continue;
      }
      expect(body["@odata.deltaLink"]).toContain("$deltatoken=");
      return { items, deltaLink: String(body["@odata.deltaLink"]), pages };
    }
  }

  it("syncs a full round, then only changes, removals included", async () => {
    const ids: string[] = [];
    for (let day = 1; day <= 5; day++) {
      const created = await graph(emulator.url, emulator.token, "POST", "/me/events", single(`D${day}`, String(day).padStart(2, "0")));
      ids.push(String(at(created.body, "id")));
    }
    const round = await follow(`${emulator.url}/v1.0/me/calendarView/delta?${WINDOW.toLowerCase()}`, 2);
    expect(round.pages).toBe(3);
    expect(round.items.map((item) => item.subject)).toEqual(["D1", "D2", "D3", "D4", "D5"]);
    expect(round.items.every((item) => item["@odata.type"] === "#microsoft.graph.event")).toBe(true);

    const empty = await follow(round.deltaLink, 2);
    expect(empty.items).toEqual([]);

    await graph(emulator.url, emulator.token, "PATCH", `/me/events/${encodeURIComponent(ids[0] ?? "")}`, { subject: "D1 moved" });
    await graph(emulator.url, emulator.token, "DELETE", `/me/events/${encodeURIComponent(ids[1] ?? "")}`);
    await graph(emulator.url, emulator.token, "PATCH", `/me/events/${encodeURIComponent(ids[2] ?? "")}`, {
      start: { dateTime: "2026-05-01T09:00:00", timeZone: "UTC" },
      end: { dateTime: "2026-05-01T10:00:00", timeZone: "UTC" },
    });
    await graph(emulator.url, emulator.token, "POST", "/me/events", single("New", "20"));
    const changes = await follow(empty.deltaLink, 10);
    const summary = changes.items.map((item) => (item["@removed"] ? `removed ${String(item.id)}` : `changed ${String(item.subject)}`)).sort();
    expect(summary).toEqual(["changed D1 moved", "changed New", `removed ${ids[1]}`, `removed ${ids[2]}`].sort());
    const removed = changes.items.find((item) => item.id === ids[1]);
    expect(removed).toEqual({ "@odata.type": "#microsoft.graph.event", id: ids[1], "@removed": { reason: "deleted" } });
  });

  it("answers 410 syncStateNotFound for an unknown token", async () => {
    const response = await graph(emulator.url, emulator.token, "GET", "/me/calendarView/delta?$deltatoken=doesnotexist");
    expect(response.status).toBe(410);
    expect(at(response.body, "error", "code")).toBe("syncStateNotFound");
  });

  it("answers 410 once a token is older than a week", async () => {
    const round = await follow(`${emulator.url}/v1.0/me/calendarView/delta?${WINDOW}`, 10);
    await fetch(`${emulator.url}/_emulator/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advanceSeconds: 8 * 24 * 3600 }) });
    const fresh = (await signIn(emulator.url)).access_token;
    const response = await fetch(round.deltaLink, { headers: { authorization: `Bearer ${fresh}` } });
    expect(response.status).toBe(410);
  });
});
