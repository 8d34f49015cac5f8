// Outlook's per-app-per-mailbox limits: concurrency under 50 parallel requests, the rolling window, and turning them off.
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.ts";
import { at, graph, signIn } from "./support/helpers.ts";

let emulator: RunningEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe("throttling per app per mailbox", () => {
  it("lets at most 4 of 50 concurrent requests run and answers the rest 429 ApplicationThrottled", async () => {
    // Latency keeps requests in flight long enough to overlap.
    emulator = await startEmulator({ port: 0, latencyMs: 150 });
    const { url } = emulator;
    const token = (await signIn(url)).access_token;
    const responses = await Promise.all(Array.from({ length: 50 }, () => graph(url, token, "GET", "/me/events")));
    const ok = responses.filter((response) => response.status === 200);
    const throttled = responses.filter((response) => response.status === 429);
    expect(ok.length + throttled.length).toBe(50);
    expect(ok.length).toBeGreaterThanOrEqual(4);
    expect(throttled.length).toBeGreaterThan(0);
    for (const response of throttled) {
      expect(at(response.body, "error", "code")).toBe("ApplicationThrottled");
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    const stats = emulator.stats();
    expect(stats.peakInFlight["iam.demo@outlook.test"]).toBeLessThanOrEqual(4);
    expect(stats.peakInFlight["iam.demo@outlook.test"]).toBeGreaterThanOrEqual(1);
    expect(stats.throttled.ApplicationThrottled).toBe(throttled.length);
  });

  it("keeps other mailboxes unaffected by one mailbox's concurrency", async () => {
    emulator = await startEmulator({ port: 0, latencyMs: 150 });
    const { url } = emulator;
    const busy = (await signIn(url, "iam.demo@outlook.test")).access_token;
    const quiet = (await signIn(url, "dana.host@outlook.test")).access_token;
    const load = Array.from({ length: 12 }, () => graph(url, busy, "GET", "/me/events"));
    const other = await graph(url, quiet, "GET", "/me/events");
    await Promise.all(load);
    expect(other.status).toBe(200);
  });

  it("answers 429 TooManyRequests past the per-window budget until the window rolls on", async () => {
    emulator = await startEmulator({ port: 0, throttling: { requestsPerWindow: 5, windowMs: 600_000 } });
    const { url } = emulator;
    const token = (await signIn(url)).access_token;
    for (let index = 0; index < 5; index++) expect((await graph(url, token, "GET", "/me/events")).status).toBe(200);
    const over = await graph(url, token, "GET", "/me/events");
    expect(over.status).toBe(429);
    expect(at(over.body, "error", "code")).toBe("TooManyRequests");
    const retryAfter = Number(over.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    await fetch(`${url}/_emulator/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advanceSeconds: 601 }) });
    // The access token has an hour; the window is ten minutes.
    expect((await graph(url, token, "GET", "/me/events")).status).toBe(200);
  });

  it("can be turned off", async () => {
    emulator = await startEmulator({ port: 0, latencyMs: 100, throttling: { enabled: false } });
    const { url } = emulator;
    const token = (await signIn(url)).access_token;
    const responses = await Promise.all(Array.from({ length: 20 }, () => graph(url, token, "GET", "/me/events")));
    expect(responses.every((response) => response.status === 200)).toBe(true);
  });
});
