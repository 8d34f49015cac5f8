// The state file: what one emulator saved, the next one started on the same file serves.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/index.ts";
import { at, graph, signIn } from "./support/helpers.ts";

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "microsoft-emulator-"));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("state file", () => {
  it("keeps mailboxes, events and tokens across a restart", async () => {
    const stateFile = join(directory, "nested", "state.json");
    const first = await startEmulator({ port: 0, stateFile });
    const tokens = await signIn(first.url, "kept@example.test");
    const created = await graph(first.url, tokens.access_token, "POST", "/me/events", {
      subject: "Survives",
      start: { dateTime: "2026-06-01T10:00:00", timeZone: "UTC" },
      end: { dateTime: "2026-06-01T11:00:00", timeZone: "UTC" },
      transactionId: "keep-1",
    });
    expect(created.status).toBe(201);
    await first.close();
    const saved = JSON.parse(await readFile(stateFile, "utf8")) as { events: unknown[] };
    expect(saved.events).toHaveLength(1);

    const second = await startEmulator({ port: 0, stateFile });
    try {
      const list = await graph(second.url, tokens.access_token, "GET", "/me/events");
      expect(list.status).toBe(200);
      expect(at(list.body, "value", 0, "subject")).toBe("Survives");
      const duplicate = await graph(second.url, tokens.access_token, "POST", "/me/events", {
        subject: "Again",
        start: { dateTime: "2026-06-01T10:00:00", timeZone: "UTC" },
        end: { dateTime: "2026-06-01T11:00:00", timeZone: "UTC" },
        transactionId: "keep-1",
      });
      expect(duplicate.status).toBe(400);
    } finally {
      await second.close();
    }
  });
});
