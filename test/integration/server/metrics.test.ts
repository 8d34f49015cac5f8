import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";

describe("GET /metrics", () => {
  let open: TestApp;
  let guarded: TestApp;
  beforeAll(async () => {
    open = await startTestApp();
    guarded = await startTestApp({ METRICS_TOKEN: "scrape-secret" });
  });
  afterAll(async () => {
    await open?.close();
    await guarded?.close();
  });

  it("serves the sync backlog and the Graph counters in Prometheus' text format", async () => {
    const response = await open.app.inject({ method: "GET", url: "/metrics" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/plain");
    expect(response.body).toContain('careroom_sync_dirty_items{due="now"} 0');
    expect(response.body).toContain("# TYPE careroom_graph_requests_total counter");
    expect(response.body).toContain("# TYPE careroom_sync_outcomes_total counter");
  });

  it("asks for the bearer token when one is configured", async () => {
    expect((await guarded.app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(401);
    const wrong = await guarded.app.inject({ method: "GET", url: "/metrics", headers: { authorization: "Bearer nope" } });
    expect(wrong.statusCode).toBe(401);
    const right = await guarded.app.inject({ method: "GET", url: "/metrics", headers: { authorization: "Bearer scrape-secret" } });
    expect(right.statusCode).toBe(200);
  });
});
