// Subscriptions against a real webhook receiver: validation handshake, change and lifecycle notifications, renewal, expiry.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.ts";
import { at, graph, signIn } from "./support/helpers.ts";

/** A webhook receiver like an app's: echoes validation tokens, records notifications. */
interface Receiver {
  url: string;
  notifications: unknown[];
  lifecycle: unknown[];
  validations: number;
  refuseValidation: boolean;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function startReceiver(): Promise<Receiver> {
  const receiver: Omit<Receiver, "url" | "close"> = { notifications: [], lifecycle: [], validations: 0, refuseValidation: false };
  const server: Server = createServer((request, response) => {
    void readBody(request).then((text) => {
      const url = new URL(request.url ?? "/", "http://localhost");
      const token = url.searchParams.get("validationToken");
      if (token !== null) {
        receiver.validations++;
        if (receiver.refuseValidation) {
          response.writeHead(404).end();
          return;
        }
        response.writeHead(200, { "content-type": "text/plain" }).end(token);
        return;
      }
      (url.pathname === "/lifecycle" ? receiver.lifecycle : receiver.notifications).push(JSON.parse(text) as unknown);
      response.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

let emulator: RunningEmulator;
let receiver: Receiver;
let token: string;

const EVENT = {
  subject: "Watched",
  start: { dateTime: "2026-03-02T09:00:00", timeZone: "UTC" },
  end: { dateTime: "2026-03-02T10:00:00", timeZone: "UTC" },
};

function inMinutes(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  receiver = await startReceiver();
});

beforeEach(async () => {
  await fetch(`${emulator.url}/_emulator/reset`, { method: "POST" });
  receiver.notifications.length = 0;
  receiver.lifecycle.length = 0;
  receiver.refuseValidation = false;
  token = (await signIn(emulator.url)).access_token;
});

afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

async function subscribe(overrides: Record<string, unknown> = {}) {
  return graph(emulator.url, token, "POST", "/subscriptions", {
    changeType: "created,updated,deleted",
    notificationUrl: `${receiver.url}/notify`,
    lifecycleNotificationUrl: `${receiver.url}/lifecycle`,
    resource: "/me/events",
    expirationDateTime: inMinutes(60),
    clientState: "secret-state",
    ...overrides,
  });
}

describe("subscriptions", () => {
  it("validates the notification URL, then notifies created, updated and deleted with clientState", async () => {
    const before = receiver.validations;
    const created = await subscribe();
    expect(created.status).toBe(201);
    expect(receiver.validations - before).toBe(2);
    expect(at(created.body, "changeType")).toBe("created,updated,deleted");
    expect(at(created.body, "clientState")).toBe("secret-state");
    const subscriptionId = String(at(created.body, "id"));

    const event = await graph(emulator.url, token, "POST", "/me/events", EVENT);
    const eventId = String(at(event.body, "id"));
    await graph(emulator.url, token, "PATCH", `/me/events/${encodeURIComponent(eventId)}`, { subject: "Changed" });
    await fetch(`${emulator.url}/_emulator/mailboxes/iam.demo@outlook.test/events/${encodeURIComponent(eventId)}`, { method: "DELETE" });
    await emulator.settleNotifications();

    const items = receiver.notifications.map((payload) => at(payload, "value", 0) as Record<string, unknown>);
    expect(items.map((item) => item.changeType)).toEqual(["created", "updated", "deleted"]);
    for (const item of items) {
      expect(item.subscriptionId).toBe(subscriptionId);
      expect(item.clientState).toBe("secret-state");
      expect(String(item.resource)).toMatch(new RegExp(`^Users/[0-9a-f-]{36}/Events/${eventId.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
      expect(at(item, "resourceData", "@odata.type")).toBe("#Microsoft.Graph.Event");
      expect(at(item, "resourceData", "id")).toBe(eventId);
      expect(typeof item.tenantId).toBe("string");
    }
  });

  it("refuses a subscription whose endpoint fails validation", async () => {
    receiver.refuseValidation = true;
    const response = await subscribe();
    expect(response.status).toBe(400);
    expect(at(response.body, "error", "code")).toBe("ValidationError");
  });

  it("renews with PATCH, refuses lifetimes over 10,080 minutes, deletes with 204", async () => {
    const id = String(at((await subscribe()).body, "id"));
    const renewed = await graph(emulator.url, token, "PATCH", `/subscriptions/${id}`, { expirationDateTime: inMinutes(3 * 24 * 60) });
    expect(renewed.status).toBe(200);
    expect(Date.parse(String(at(renewed.body, "expirationDateTime")))).toBeGreaterThan(Date.now() + 2 * 24 * 3600 * 1000);
    const tooLong = await graph(emulator.url, token, "PATCH", `/subscriptions/${id}`, { expirationDateTime: inMinutes(10_081 + 5) });
    expect(tooLong.status).toBe(400);
    expect((await graph(emulator.url, token, "DELETE", `/subscriptions/${id}`)).status).toBe(204);
    expect((await graph(emulator.url, token, "GET", `/subscriptions/${id}`)).status).toBe(404);
  });

  it("stops notifying after expiry", async () => {
    const id = String(at((await subscribe({ expirationDateTime: inMinutes(5) })).body, "id"));
    await fetch(`${emulator.url}/_emulator/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advanceSeconds: 600 }) });
    const fresh = (await signIn(emulator.url)).access_token;
    await graph(emulator.url, fresh, "POST", "/me/events", EVENT);
    await emulator.settleNotifications();
    expect(receiver.notifications).toEqual([]);
    expect((await graph(emulator.url, fresh, "GET", `/subscriptions/${id}`)).status).toBe(404);
  });

  it("sends lifecycle notifications when consent is revoked or on request", async () => {
    const id = String(at((await subscribe()).body, "id"));
    await fetch(`${emulator.url}/_emulator/mailboxes/iam.demo@outlook.test/revoke`, { method: "POST" });
    await fetch(`${emulator.url}/_emulator/subscriptions/${id}/lifecycle`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ lifecycleEvent: "missed" }),
    });
    await emulator.settleNotifications();
    expect(receiver.lifecycle.map((payload) => at(payload, "value", 0, "lifecycleEvent"))).toEqual(["reauthorizationRequired", "missed"]);
    expect(at(receiver.lifecycle[0], "value", 0, "subscriptionId")).toBe(id);
  });
});
