// Replays Microsoft's documented Graph examples (test/fixtures/examples, copied from
// microsoft-graph-docs-contrib) against the emulator and compares status codes and shapes.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.ts";
import { loadExample, shapeDifferences, type Example } from "./support/examples.ts";
import { at, graph, signIn, type GraphResponse } from "./support/helpers.ts";

let emulator: RunningEmulator;
let token: string;
let receiver: Server;
let receiverUrl: string;
const notifications: unknown[] = [];

// Teams meeting details (dial-in numbers, conference id) come from the Teams service, which the emulator does not run.
const TEAMS_DETAILS = ["$.onlineMeeting.conferenceId", "$.onlineMeeting.tollNumber", "$.onlineMeeting.tollFreeNumbers", "$.onlineMeeting.phones", "$.onlineMeeting.quickDial"];

function graphPath(example: Example): string {
  return (example.request?.url ?? "").replace("https://graph.microsoft.com/v1.0", "");
}

async function replay(example: Example, overrides: { path?: string; body?: unknown } = {}): Promise<GraphResponse> {
  const request = example.request;
  if (!request) throw new Error(`${example.title} has no request`);
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== "content-type"));
  const body = "body" in overrides ? overrides.body : request.body ?? undefined;
  return graph(emulator.url, token, request.method, (overrides.path ?? graphPath(example)).replace(/ /g, "%20"), body ?? undefined, headers);
}

function expectShape(example: Example, response: GraphResponse, ignore: string[] = []): void {
  expect(response.status, `${example.title}: ${JSON.stringify(response.body)}`).toBe(example.response?.status);
  expect(shapeDifferences(example.response?.body ?? null, response.body, new Set(ignore))).toEqual([]);
}

async function createFrom(name: string): Promise<string> {
  const created = await replay(loadExample(name));
  expect(created.status).toBe(201);
  return String(at(created.body, "id"));
}

function withFutureExpiry(body: unknown, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...(body as Record<string, unknown>), expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(), ...changes };
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  token = (await signIn(emulator.url)).access_token;
  receiver = createServer((request, response) => {
    const validation = new URL(request.url ?? "/", "http://x").searchParams.get("validationToken");
    if (validation) {
      response.writeHead(200, { "content-type": "text/plain" }).end(validation);
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      notifications.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown);
      response.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/hook`;
});

afterAll(async () => {
  await emulator.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe("documented event examples", () => {
  it.each(["event-create-1", "event-create-2", "event-create-3", "event-create-4"])("%s", async (name) => {
    const example = loadExample(name);
    expectShape(example, await replay(example), TEAMS_DETAILS);
  });

  it("event-create-1 answers in the preferred zone", async () => {
    const example = loadExample("event-create-1");
    const response = await replay(example, { body: { ...(example.request?.body as object), transactionId: "replayed-2" } });
    expect(at(response.body, "start", "timeZone")).toBe("Pacific Standard Time");
    expect(at(response.body, "start", "dateTime")).toBe("2017-04-15T12:00:00.0000000");
  });

  it("extprop-create-1", async () => {
    const example = loadExample("extprop-create-1");
    const response = await replay(example);
    expect(response.status).toBe(201);
    expect(response.body).not.toHaveProperty("singleValueExtendedProperties");
  });

  it.each(["event-get-1", "event-get-2"])("%s", async (name) => {
    const id = await createFrom("event-create-2");
    const example = loadExample(name);
    const path = graphPath(example).replace(/\/events\/[^?]+/, `/events/${encodeURIComponent(id)}`);
    const response = await replay(example, { path });
    expectShape(example, response);
    for (const [header] of Object.entries(example.response?.headers ?? {}).filter(([header]) => header.toLowerCase() === "preference-applied")) {
      expect(response.headers.get(header)).toBeTruthy();
    }
  });

  it("events-list-1", async () => {
    await createFrom("event-create-2");
    const example = loadExample("events-list-1");
    const response = await replay(example);
    expectShape(example, response);
    expect(response.headers.get("preference-applied")).toBeTruthy();
  });

  it("event-update-1 and event-delete-1", async () => {
    const id = encodeURIComponent(await createFrom("event-create-2"));
    const update = loadExample("event-update-1");
    expectShape(update, await replay(update, { path: `/me/events/${id}` }), TEAMS_DETAILS);
    const remove = loadExample("event-delete-1");
    expectShape(remove, await replay(remove, { path: `/me/events/${id}` }));
  });

  it("calendarview-list-1", async () => {
    await graph(emulator.url, token, "POST", "/me/events", {
      subject: "In window",
      start: { dateTime: "2020-01-01T20:00:00", timeZone: "Pacific Standard Time" },
      end: { dateTime: "2020-01-01T21:00:00", timeZone: "Pacific Standard Time" },
    });
    const example = loadExample("calendarview-list-1");
    expectShape(example, await replay(example));
  });
});

describe("documented calendar and user examples", () => {
  it.each(["calendar-get-1", "calendars-list-1", "user-get-2"])("%s", async (name) => {
    const example = loadExample(name);
    // Phones, job title and office come from the directory, which the emulator leaves empty (null).
    const directory = ["$.businessPhones", "$.jobTitle", "$.mobilePhone", "$.officeLocation"];
    expectShape(example, await replay(example), directory);
  });

  it.each(["user-get-1", "user-get-3"])("%s (as /users/{own id})", async (name) => {
    const example = loadExample(name);
    const me = await graph(emulator.url, token, "GET", "/me");
    const path = graphPath(example).replace(/\/users\/[^?]+/, `/users/${String(at(me.body, "id"))}`);
    const directory = ["$.businessPhones", "$.jobTitle", "$.mobilePhone", "$.officeLocation", "$.postalCode"];
    expectShape(example, await replay(example, { path }), directory);
  });
});

describe("documented delta round", () => {
  it("event-delta-2 to event-delta-5", async () => {
    const ids: string[] = [];
    for (const day of ["09", "10", "11", "12", "25"]) {
      const created = await graph(emulator.url, token, "POST", "/me/events", {
        subject: `December ${day}`,
        start: { dateTime: `2016-12-${day}T20:30:00`, timeZone: "UTC" },
        end: { dateTime: `2016-12-${day}T22:00:00`, timeZone: "UTC" },
      });
      ids.push(String(at(created.body, "id")));
    }
    const first = loadExample("event-delta-2");
    const page1 = await replay(first);
    expectShape(first, page1);
    const next = (response: GraphResponse, link: string) => String(at(response.body, link)).replace(`${emulator.url}/v1.0`, "");
    const second = loadExample("event-delta-3");
    const page2 = await replay(second, { path: next(page1, "@odata.nextLink") });
    expectShape(second, page2);
    const last = loadExample("event-delta-4");
    const page3 = await replay(last, { path: next(page2, "@odata.nextLink") });
    expectShape(last, page3, ["$.value[].location", "$.value[].attendees"]);
    await graph(emulator.url, token, "DELETE", `/me/events/${encodeURIComponent(ids[0] ?? "")}`);
    await graph(emulator.url, token, "PATCH", `/me/events/${encodeURIComponent(ids[4] ?? "")}`, { subject: "Attend service" });
    const round = loadExample("event-delta-5");
    const changes = await replay(round, { path: next(page3, "@odata.deltaLink") });
    expect(changes.status).toBe(200);
    const removed = (at(changes.body, "value") as unknown[]).find((item) => at(item, "@removed") !== undefined);
    expect(shapeDifferences(at(round.response?.body, "value", 0), removed)).toEqual([]);
  });
});

describe("documented subscription examples", () => {
  it.each(["subscription-create-1", "webhook-subscription-create-1", "outlook-subscription-create-1"])("%s (on me/events)", async (name) => {
    const example = loadExample(name);
    const body = withFutureExpiry(example.request?.body, { resource: "me/events", notificationUrl: receiverUrl });
    // notificationContentType is not in the v1.0 metadata (the docs show it from beta).
    expectShape(example, await replay(example, { body }), ["$.notificationContentType"]);
  });

  it("subscription-update-1, webhook-subscription-renew-1, subscription-delete-1", async () => {
    const created = await graph(emulator.url, token, "POST", "/subscriptions", withFutureExpiry({ changeType: "created,updated", notificationUrl: receiverUrl, lifecycleNotificationUrl: receiverUrl, resource: "me/events", clientState: "x" }));
    const id = String(at(created.body, "id"));
    for (const name of ["subscription-update-1", "webhook-subscription-renew-1"]) {
      const example = loadExample(name);
      // The docs show the certificate fields as "" here and as null elsewhere; the emulator has no certificates (null).
      const ignore = ["$.notificationContentType", "$.encryptionCertificate", "$.encryptionCertificateId"];
      expectShape(example, await replay(example, { path: `/subscriptions/${id}`, body: withFutureExpiry(example.request?.body) }), ignore);
    }
    const remove = loadExample("subscription-delete-1");
    expectShape(remove, await replay(remove, { path: `/subscriptions/${id}` }));
  });

  it("notification-1: a change notification has the documented shape", async () => {
    notifications.length = 0;
    await graph(emulator.url, token, "POST", "/subscriptions", withFutureExpiry({ changeType: "created", notificationUrl: receiverUrl, resource: "me/events", clientState: "secretClientValue" }));
    await graph(emulator.url, token, "POST", "/me/events", { subject: "Notify", start: { dateTime: "2026-01-01T10:00:00", timeZone: "UTC" }, end: { dateTime: "2026-01-01T11:00:00", timeZone: "UTC" } });
    await emulator.settleNotifications();
    expect(notifications.length).toBeGreaterThan(0);
    expect(shapeDifferences(loadExample("notification-1").request?.body, notifications[0])).toEqual([]);
  });
});

describe("documented envelopes", () => {
  it("batch-1: every request gets an answer with its id", async () => {
    const example = loadExample("batch-1");
    const response = await replay(example);
    expect(response.status).toBe(example.response?.status);
    const ids = (at(response.body, "responses") as Array<{ id: string }>).map((item) => item.id).sort();
    expect(ids).toEqual(["1", "2", "3", "4", "5"]);
    expect(shapeDifferences(at(example.response?.body, "responses", 1), (at(response.body, "responses") as unknown[])[0], new Set(["$.headers"]))).toEqual([]);
  });

  it("throttling-1: a 429 carries Retry-After and the documented error envelope", async () => {
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ faults: [{ path: "/v1.0/me", status: 429, retryAfter: 2.128 }] }),
    });
    const response = await graph(emulator.url, token, "GET", "/me");
    const example = loadExample("throttling-1");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe(example.response?.headers["Retry-After"]);
    // innerError carries date and request-id as for every Graph error; code/message/status repeats are not reproduced.
    expect(shapeDifferences(example.response?.body, response.body, new Set(["$.error.innerError.code", "$.error.innerError.message", "$.error.innerError.status"]))).toEqual([]);
  });
});
