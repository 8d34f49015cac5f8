import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

describe("loadConfig", () => {
  const table: Array<[string, Record<string, string>, Partial<ReturnType<typeof loadConfig>>]> = [
    ["defaults", {}, { appUrl: "http://localhost:3000", secureCookies: false, trustProxy: false, microsoft: undefined }],
    ["https APP_URL makes cookies Secure", { APP_URL: "https://care.example.org/" }, { appUrl: "https://care.example.org", secureCookies: true }],
    ["TRUST_PROXY true", { TRUST_PROXY: "true" }, { trustProxy: true }],
    ["TRUST_PROXY addresses", { TRUST_PROXY: "10.0.0.0/8, 127.0.0.1" }, { trustProxy: ["10.0.0.0/8", "127.0.0.1"] }],
  ];
  it.each(table)("%s", (_name, env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });

  it("trusts as many proxy hops as TRUST_PROXY counts", () => {
    const trust = loadConfig({ TRUST_PROXY: "2" }).trustProxy;
    if (typeof trust !== "function") throw new Error("expected a function of the hop");
    expect([0, 1, 2].map((hop) => trust("10.0.0.1", hop))).toEqual([true, true, false]);
  });

  it("configures Microsoft only with both the id and the secret", () => {
    expect(loadConfig({ MICROSOFT_CLIENT_ID: "id", MICROSOFT_CLIENT_SECRET: "secret" }).microsoft).toMatchObject({
      clientId: "id",
      tenant: "common",
      redirectUri: "http://localhost:3000/auth/microsoft/callback",
    });
    expect(() => loadConfig({ MICROSOFT_CLIENT_ID: "id" })).toThrow(ConfigError);
  });

  it("names the variable that is wrong", () => {
    expect(() => loadConfig({ PORT: "seventy" })).toThrow(/PORT/);
  });
});
