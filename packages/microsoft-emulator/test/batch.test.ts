// JSON batching: per-item answers, dependsOn and 424, limits, per-item throttling.
import { describe, expect, it } from "vitest";
import { startEmulator } from "../src/index.ts";
import { at, graph, signIn, signedInEmulator } from "./support/helpers.ts";

const EVENT = {
  subject: "Batched",
  start: { dateTime: "2026-03-02T09:00:00", timeZone: "UTC" },
  end: { dateTime: "2026-03-02T10:00:00", timeZone: "UTC" },
};
const JSON_HEADERS = { "Content-Type": "application/json" };

const emulator = signedInEmulator();

type Item = { id: string; status: number; headers: Record<string, string>; body: unknown };

async function batch(requests: unknown[]): Promise<{ status: number; responses: Item[] }> {
  const response = await graph(emulator.url, emulator.token, "POST", "/$batch", { requests });
  return { status: response.status, responses: (at(response.body, "responses") as Item[] | undefined) ?? [] };
}

function byId(responses: Item[], id: string): Item {
  const found = responses.find((item) => item.id === id);
  if (!found) throw new Error(`no response ${id}`);
  return found;
}

describe("$batch", () => {
  it("runs each request and answers per item, with and without a leading slash", async () => {
    const { status, responses } = await batch([
      { id: "1", method: "GET", url: "/me" },
      { id: "2", method: "POST", url: "me/events", body: EVENT, headers: JSON_HEADERS },
      { id: "3", method: "GET", url: "/me/events/AAMkAGnothing=" },
    ]);
    expect(status).toBe(200);
    expect(responses).toHaveLength(3);
    expect(byId(responses, "1").status).toBe(200);
    expect(at(byId(responses, "1").body, "mail")).toBe("iam.demo@outlook.test");
    expect(byId(responses, "2").status).toBe(201);
    expect(byId(responses, "2").headers["Content-Type"]).toContain("application/json");
    expect(at(byId(responses, "3").body, "error", "code")).toBe("ErrorItemNotFound");
  });

  it("orders by dependsOn and answers 424 when a dependency failed", async () => {
    const { responses } = await batch([
      { id: "a", method: "POST", url: "/me/events", body: { ...EVENT, transactionId: "b-1" }, headers: JSON_HEADERS },
      { id: "b", method: "POST", url: "/me/events", body: { ...EVENT, transactionId: "b-1" }, headers: JSON_HEADERS, dependsOn: ["a"] },
      { id: "c", method: "GET", url: "/me", dependsOn: ["b"] },
    ]);
    expect(byId(responses, "a").status).toBe(201);
    expect(byId(responses, "b").status).toBe(400);
    expect(byId(responses, "c").status).toBe(424);
    expect(responses.map((item) => item.id)).toEqual(["a", "b", "c"]);
  });

  it("refuses more than 20 requests, duplicate ids and bodies without Content-Type", async () => {
    const tooMany = await batch(Array.from({ length: 21 }, (_, index) => ({ id: String(index), method: "GET", url: "/me" })));
    expect(tooMany.status).toBe(400);
    expect((await batch([{ id: "1", method: "GET", url: "/me" }, { id: "1", method: "GET", url: "/me" }])).status).toBe(400);
    expect((await batch([{ id: "1", method: "POST", url: "/me/events", body: EVENT }])).status).toBe(400);
    const twenty = await batch(Array.from({ length: 20 }, (_, index) => ({ id: String(index), method: "GET", url: "/me" })));
    expect(twenty.status).toBe(200);
    expect(twenty.responses.every((item) => item.status === 200)).toBe(true);
  });

  it("throttles items one by one", async () => {
    const limited = await startEmulator({ port: 0, throttling: { requestsPerWindow: 3 } });
    try {
      const limitedToken = (await signIn(limited.url)).access_token;
      const response = await graph(limited.url, limitedToken, "POST", "/$batch", {
        requests: Array.from({ length: 5 }, (_, index) => ({ id: String(index), method: "GET", url: "/me/events", ...(index > 0 ? { dependsOn: [String(index - 1)] } : {}) })),
      });
      const statuses = (at(response.body, "responses") as Item[]).map((item) => item.status);
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses[3]).toBe(429);
      expect(statuses[4]).toBe(424);
      const throttled = (at(response.body, "responses") as Item[])[3];
      expect(at(throttled?.body, "error", "code")).toBe("TooManyRequests");
      expect(throttled?.headers["Retry-After"]).toBeTruthy();
    } finally {
      await limited.close();
    }
  });
});
