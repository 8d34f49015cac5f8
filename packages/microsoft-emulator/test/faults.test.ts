// The fault control API driven from a test: error statuses with Retry-After, resets, dropped responses, latency, probability.
import { describe, expect, it } from "vitest";
import { at, graph, postToken, signedInEmulator } from "./support/helpers.ts";

const EVENT = {
  subject: "Session",
  start: { dateTime: "2026-05-01T09:00:00", timeZone: "UTC" },
  end: { dateTime: "2026-05-01T09:30:00", timeZone: "UTC" },
};

async function queueFaults(faults: unknown[]): Promise<Response> {
  return fetch(`${emulator.url}/_emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ faults }) });
}

async function ownerEventCount(): Promise<number> {
  const body = (await (await fetch(`${emulator.url}/_emulator/mailboxes/iam.demo@outlook.test/events`)).json()) as { value: unknown[] };
  return body.value.length;
}

const emulator = signedInEmulator();

describe("fault control API", () => {
  it("answers a queued 503 with Retry-After once, then behaves", async () => {
    expect((await queueFaults([{ method: "POST", path: "/v1.0/me/events", status: 503, retryAfter: 1, count: 1 }])).status).toBe(201);
    const failed = await graph(emulator.url, emulator.token, "POST", "/me/events", EVENT);
    expect(failed.status).toBe(503);
    expect(failed.headers.get("retry-after")).toBe("1");
    expect(typeof at(failed.body, "error", "code")).toBe("string");
    expect(await ownerEventCount()).toBe(0);
    expect((await graph(emulator.url, emulator.token, "POST", "/me/events", EVENT)).status).toBe(201);
    expect(emulator.running.stats().faultsInjected).toBe(1);
  });

  it("matches by method and wildcard path", async () => {
    await queueFaults([{ method: "GET", path: "/v1.0/me/events/*", status: 429, retryAfter: 2.5, count: 2 }]);
    const created = await graph(emulator.url, emulator.token, "POST", "/me/events", EVENT);
    expect(created.status).toBe(201);
    const path = `/me/events/${encodeURIComponent(String(at(created.body, "id")))}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      const throttled = await graph(emulator.url, emulator.token, "GET", path);
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get("retry-after")).toBe("2.5");
    }
    expect((await graph(emulator.url, emulator.token, "GET", path)).status).toBe(200);
  });

  it("resets the connection without making the change", async () => {
    await queueFaults([{ method: "POST", path: "/v1.0/me/events", reset: true }]);
    await expect(graph(emulator.url, emulator.token, "POST", "/me/events", EVENT)).rejects.toThrow();
    expect(await ownerEventCount()).toBe(0);
  });

  it("drops the response after making the change", async () => {
    await queueFaults([{ method: "POST", path: "/v1.0/me/events", dropResponse: true }]);
    await expect(graph(emulator.url, emulator.token, "POST", "/me/events", { ...EVENT, transactionId: "t-drop" })).rejects.toThrow();
    expect(await ownerEventCount()).toBe(1);
    // The client retries with the same transactionId, as it should.
    const retry = await graph(emulator.url, emulator.token, "POST", "/me/events", { ...EVENT, transactionId: "t-drop" });
    expect(retry.status).toBe(400);
    expect(at(retry.body, "error", "code")).toBe("ErrorDuplicateTransactionId");
  });

  it("never fires a fault with probability 0 and always one with probability 1", async () => {
    await queueFaults([{ path: "/v1.0/me", status: 504, probability: 0 }]);
    expect((await graph(emulator.url, emulator.token, "GET", "/me")).status).toBe(200);
    await fetch(`${emulator.url}/_emulator/faults`, { method: "DELETE" });
    await queueFaults([{ path: "/v1.0/me", status: 504, probability: 1, count: 3 }]);
    const statuses = [];
    for (let index = 0; index < 4; index++) statuses.push((await graph(emulator.url, emulator.token, "GET", "/me")).status);
    expect(statuses).toEqual([504, 504, 504, 200]);
  });

  it("applies faults to the token endpoint in the identity platform's error shape", async () => {
    await queueFaults([{ method: "POST", path: "/common/oauth2/v2.0/token", status: 503, retryAfter: 3 }]);
    const response = await postToken(emulator.url, { grant_type: "refresh_token", client_id: "x", client_secret: "y", refresh_token: "z" });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("3");
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.error).toBe("temporarily_unavailable");
    expect(Array.isArray(body.error_codes)).toBe(true);
  });

  it("adds latency and spends the fault", async () => {
    await queueFaults([{ path: "/v1.0/me", latencyMs: 20 }]);
    expect((await graph(emulator.url, emulator.token, "GET", "/me")).status).toBe(200);
    const pending = (await (await fetch(`${emulator.url}/_emulator/faults`)).json()) as { value: unknown[] };
    expect(pending.value).toEqual([]);
  });

  it("refuses a fault that does nothing", async () => {
    expect((await queueFaults([{ path: "/v1.0/me" }])).status).toBe(400);
  });

  it("counts requests by route and status", async () => {
    await graph(emulator.url, emulator.token, "GET", "/me");
    await graph(emulator.url, emulator.token, "GET", "/me/events/AAMkAGmissing=");
    const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as { requests: Record<string, Record<string, number>> };
    expect(stats.requests["GET /v1.0/me"]?.["200"]).toBeGreaterThanOrEqual(1);
    expect(stats.requests["GET /v1.0/me/events/:id"]?.["404"]).toBe(1);
  });
});
