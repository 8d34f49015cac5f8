// The pages a person uses: mailbox list, week view (app-made events marked), event page, all escaped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.ts";
import { at, graph, signIn } from "./support/helpers.ts";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});

afterAll(async () => {
  await emulator.close();
});

async function text(path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${emulator.url}${path}`);
  return { status: response.status, body: await response.text() };
}

describe("pages", () => {
  it("lists the demo mailboxes on /", async () => {
    const home = await text("/");
    expect(home.status).toBe(200);
    expect(home.body).toContain("Iam Demo");
    expect(home.body).toContain("dana.host@outlook.test");
  });

  it("shows a week with app-made events marked apart from the owner's, escaping subjects", async () => {
    const token = (await signIn(emulator.url, "dana.host@outlook.test")).access_token;
    const byApp = await graph(emulator.url, token, "POST", "/me/events", {
      subject: "<script>alert('x')</script> from app",
      start: { dateTime: "2026-03-04T09:00:00", timeZone: "UTC" },
      end: { dateTime: "2026-03-04T10:00:00", timeZone: "UTC" },
    });
    expect(byApp.status).toBe(201);
    const byOwner = await fetch(`${emulator.url}/_emulator/mailboxes/dana.host@outlook.test/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ subject: "Dentist", start: { dateTime: "2026-03-05T15:00:00", timeZone: "UTC" }, end: { dateTime: "2026-03-05T16:00:00", timeZone: "UTC" } }),
    });
    expect(byOwner.status).toBe(201);

    const week = await text("/mailboxes/dana.host%40outlook.test?week=2026-03-04");
    expect(week.status).toBe(200);
    expect(week.body).not.toContain("<script>alert");
    expect(week.body).toContain("&lt;script&gt;");
    expect(week.body).toMatch(/class="event foreign"[^>]*>09:00–10:00 &lt;script&gt;/);
    expect(week.body).toMatch(/class="event"[^>]*>15:00–16:00 Dentist/);
    expect(week.body).toContain("created by app");
    expect(week.body).toContain("created in Outlook");

    const eventPage = await text(new URL(String(at(byApp.body, "webLink"))).pathname + new URL(String(at(byApp.body, "webLink"))).search);
    expect(eventPage.status).toBe(200);
    expect(eventPage.body).not.toContain("<script>alert");
  });

  it("answers 404 pages for unknown mailboxes and events", async () => {
    expect((await text("/mailboxes/nobody%40example.test")).status).toBe(404);
    expect((await text("/owa/?itemid=AAMkAGgone%3D&exvsurl=1&path=/calendar/item")).status).toBe(404);
  });
});
