/**
 * Security headers on pages and API answers alike: a Content-Security-Policy that allows
 * no inline or foreign script, no framing, no MIME sniffing, no referrer to other sites.
 * (The Secure cookie over https is test/integration/server/auth.test.ts's.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";

describe("security headers", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  for (const [what, url] of [
    ["a page", "/sessions/new"],
    ["an API answer", "/api/me"],
    ["an API refusal", "/api/sessions/not-an-id"],
  ] as const) {
    it(`are set on ${what}`, async () => {
      const response = await t.app.inject({ method: "GET", url });
      const csp = Object.fromEntries(
        String(response.headers["content-security-policy"])
          .split(";")
          .map((directive) => directive.trim().split(/\s+/))
          .map(([name, ...values]) => [name, values.join(" ")]),
      );
      expect(csp).toMatchObject({ "default-src": "'self'", "script-src": "'self'", "object-src": "'none'", "frame-ancestors": "'none'", "base-uri": "'self'", "form-action": "'self'" });
      expect(response.headers).toMatchObject({
        "x-content-type-options": "nosniff",
        "x-frame-options": "SAMEORIGIN",
        "referrer-policy": "no-referrer",
        "cross-origin-opener-policy": "same-origin-allow-popups",
      });
    });
  }
});
