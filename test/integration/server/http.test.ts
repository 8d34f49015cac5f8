import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, startTestApp, type TestApp } from "../../support/app.ts";
import { createTwoOrganizations } from "../../support/fixtures.ts";

describe("the HTTP edge", () => {
  let t: TestApp;
  let emptyUiDir: string;
  beforeAll(async () => {
    emptyUiDir = mkdtempSync(join(tmpdir(), "careroom-no-ui-"));
    t = await startTestApp({}, emptyUiDir);
    await createTwoOrganizations(t.database.db);
  });
  afterAll(async () => {
    await t.close();
    rmSync(emptyUiDir, { recursive: true, force: true });
  });

  it("answers health and readiness", async () => {
    expect((await t.app.inject({ method: "GET", url: "/healthz" })).json()).toEqual({ status: "ok" });
    const ready = await t.app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
  });

  it("answers an unknown API path with JSON, and a page path with the UI (or how to build it)", async () => {
    const api = await t.app.inject({ method: "GET", url: "/api/nothing-here" });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ code: "NOT_FOUND" });
    const page = await t.app.inject({ method: "GET", url: "/sessions/123" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.body).toContain("npm run build:ui");
    const csp = String(page.headers["content-security-policy"]).split(";");
    expect(csp.find((directive) => directive.startsWith("script-src"))).toBe("script-src 'self'");
    const missingFile = await t.app.inject({ method: "GET", url: "/assets/missing.js" });
    expect(missingFile.statusCode).toBe(404);
  });

  it("turns malformed bodies into clear 4xx answers, never a 500", async () => {
    const client = await signIn(t.app, "admin.a@fixture.test");
    const send = (payload: string, contentType: string) =>
      client.request({ method: "POST", url: "/api/sessions", payload, headers: { "content-type": contentType } });
    const notJson = await send("{not json", "application/json");
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toEqual({ code: "REQUEST_BODY_NOT_JSON", message: "The request body is not valid JSON." });
    expect((await send("title=x", "text/plain")).statusCode).toBe(415);
    expect((await send("title=x", "application/x-www-form-urlencoded")).statusCode).toBe(415);
    const wrongShapes = ["null", "[]", "42", '"text"', '{"title":{"$gt":""}}', '{"title":"a\\u0000b"}', '{"__proto__":{"x":1}}'];
    for (const body of wrongShapes) {
      const response = await send(body, "application/json");
      expect(response.statusCode, body).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, body).toBeLessThan(500);
      expect(typeof response.json().message, body).toBe("string");
    }
    const badId = await client.request({ method: "GET", url: "/api/sessions/not-an-id" });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().fields).toEqual({ id: "must be an id" });
  });

  it("describes the API as OpenAPI and serves Swagger UI at /docs", async () => {
    const spec = await t.app.inject({ method: "GET", url: "/docs/json" });
    expect(spec.statusCode).toBe(200);
    const paths = Object.keys(spec.json().paths as Record<string, unknown>);
    expect(paths).toEqual(expect.arrayContaining(["/api/sessions", "/api/sessions/{id}", "/api/auth/login", "/api/account/options/scheduling"]));
    const ui = await t.app.inject({ method: "GET", url: "/docs/" });
    expect(ui.statusCode).toBe(200);
  });
});
