import { describe, expect, it } from "vitest";
import {
  backoffDelayMs,
  classifyMicrosoftFailure,
  parseRetryAfterMs,
  type FailureAction,
  type MicrosoftFailure,
} from "../../../src/microsoft/classify.ts";

const now = new Date("2026-04-15T12:00:00.000Z");

type Expected = FailureAction["action"] | [FailureAction["action"], { retryAfterMs?: number }];

function http(status: number, graphCode?: string, retryAfterHeader?: string): MicrosoftFailure {
  return { kind: "http", status, ...(graphCode === undefined ? {} : { graphCode }), ...(retryAfterHeader === undefined ? {} : { retryAfterHeader }) };
}
function token(error: string, errorCodes: number[], suberror?: string): MicrosoftFailure {
  return { kind: "token", error, errorCodes, ...(suberror === undefined ? {} : { suberror }) };
}

// prettier-ignore
const table: Array<[label: string, failure: MicrosoftFailure, expected: Expected]> = [
  ["429 without Retry-After",              http(429, "ApplicationThrottled"),                     "retry"],
  ["429 Retry-After seconds",              http(429, "TooManyRequests", "3"),                     ["retry", { retryAfterMs: 3000 }]],
  ["429 Retry-After fractional",           http(429, "ApplicationThrottled", "2.128"),            ["retry", { retryAfterMs: 2128 }]],
  ["429 Retry-After HTTP date",            http(429, undefined, "Wed, 15 Apr 2026 12:00:30 GMT"), ["retry", { retryAfterMs: 30_000 }]],
  ["429 Retry-After garbled",              http(429, undefined, "soon"),                          "retry"],
  ["503 with Retry-After",                 http(503, undefined, "10"),                            ["retry", { retryAfterMs: 10_000 }]],
  ["503 without Retry-After",              http(503),                                             "retry"],
  ["504",                                  http(504),                                             "retry"],
  ["500",                                  http(500),                                             "retry"],
  ["502",                                  http(502),                                             "retry"],
  ["412 ErrorIrresolvableConflict",        http(412, "ErrorIrresolvableConflict"),                "retry"],
  ["401",                                  http(401, "InvalidAuthenticationToken"),               "refresh_token_then_retry"],
  ["404 ErrorItemNotFound",                http(404, "ErrorItemNotFound"),                        "not_found"],
  ["404 of another kind",                  http(404, "ResourceNotFound"),                         "fail"],
  ["404 without a code",                   http(404),                                             "fail"],
  ["400 ErrorDuplicateTransactionId",      http(400, "ErrorDuplicateTransactionId"),              "duplicate_transaction"],
  ["409 ErrorDuplicateTransactionId",      http(409, "ErrorDuplicateTransactionId"),              "duplicate_transaction"],
  ["400 TimeZoneNotSupportedException",    http(400, "TimeZoneNotSupportedException"),            "fail"],
  ["400 ErrorInvalidRequest",              http(400, "ErrorInvalidRequest"),                      "fail"],
  ["403 ErrorAccessDenied",                http(403, "ErrorAccessDenied"),                        "fail"],
  ["409 other conflict",                   http(409, "ErrorConflict"),                            "fail"],
  ["413",                                  http(413),                                             "fail"],
  ["400 with Retry-After is still no retry", http(400, "ErrorInvalidRequest", "1"),               "fail"],
  ["501",                                  http(501),                                             "fail"],
  ["network reset",                        { kind: "network", code: "ECONNRESET" },               "retry"],
  ["network timeout",                      { kind: "network", code: "ETIMEDOUT" },                "retry"],
  ["undici headers timeout",               { kind: "network", code: "UND_ERR_HEADERS_TIMEOUT" },  "retry"],
  ["DNS failure",                          { kind: "network", code: "EAI_AGAIN" },                "retry"],
  ["network, no code",                     { kind: "network" },                                   "retry"],
  ["invalid_grant 70000",                  token("invalid_grant", [70000]),                       "needs_relink"],
  ["invalid_grant 70008",                  token("invalid_grant", [70008]),                       "needs_relink"],
  ["invalid_grant 700082",                 token("invalid_grant", [700082]),                      "needs_relink"],
  ["invalid_grant 50173",                  token("invalid_grant", [50173]),                       "needs_relink"],
  ["invalid_grant 50132",                  token("invalid_grant", [50132]),                       "needs_relink"],
  ["invalid_grant 50133",                  token("invalid_grant", [50133]),                       "needs_relink"],
  ["invalid_grant 65001",                  token("invalid_grant", [65001], "consent_required"),   "needs_relink"],
  ["invalid_grant 54005",                  token("invalid_grant", [54005]),                       "needs_relink"],
  ["invalid_grant, code among others",     token("invalid_grant", [9002313, 70008]),              "needs_relink"],
  ["interaction_required",                 token("interaction_required", [50076]),                "needs_relink"],
  ["consent_required",                     token("consent_required", []),                         "needs_relink"],
  ["login_required",                       token("login_required", [50058]),                      "needs_relink"],
  ["suberror basic_action",                token("invalid_grant", [50076], "basic_action"),       "needs_relink"],
  ["invalid_grant 70011 invalid_scope",    token("invalid_grant", [70011]),                       "fail"],
  ["invalid_client (expired secret)",      token("invalid_client", [7000222]),                    "fail"],
  ["temporarily_unavailable",              token("temporarily_unavailable", []),                  "retry"],
  ["server_error",                         token("server_error", [90033]),                        "retry"],
];

describe("classifyMicrosoftFailure", () => {
  it.each(table)("%s", (_label, failure, expected) => {
    const [action, extra] = typeof expected === "string" ? [expected, {}] : expected;
    const result = classifyMicrosoftFailure(failure, now);
    expect(result.action).toBe(action);
    if (result.action === "retry") expect(result.retryAfterMs).toBe(extra.retryAfterMs);
  });

  it.each(table)("%s: a reason, when there is one, is a plain sentence", (_label, failure) => {
    const result = classifyMicrosoftFailure(failure, now);
    if (!("reason" in result)) return;
    expect(result.reason).toMatch(/^[A-Z][^()]*[.!]( \(Microsoft answered [^()]+\.\))?$/);
    expect(result.reason).not.toMatch(/AADSTS|Exception|undefined|null/);
    if (result.action === "needs_relink") expect(result.reason).toMatch(/Please relink your Microsoft Calendar\.$/);
  });

  it("explains why a relink is needed", () => {
    const expired = classifyMicrosoftFailure(token("invalid_grant", [700082]), now);
    expect(expired).toEqual({ action: "needs_relink", reason: expect.stringMatching(/long time without use/) });
  });

  it("tells a rejected time zone apart from other rejections", () => {
    const zone = classifyMicrosoftFailure(http(400, "TimeZoneNotSupportedException"), now);
    const other = classifyMicrosoftFailure(http(400, "ErrorInvalidRequest"), now);
    expect(zone).toEqual({ action: "fail", reason: expect.stringMatching(/time zone/) });
    expect(other).toEqual({ action: "fail", reason: expect.stringContaining("ErrorInvalidRequest") });
  });
});

describe("parseRetryAfterMs", () => {
  // prettier-ignore
  const table: Array<[header: string, retryAfterMs: number | undefined]> = [
    ["0",                               0],
    ["1",                               1000],
    [" 120 ",                           120_000],
    ["2.128",                           2128],
    ["0.0001",                          1],      // rounded up: never retry before Microsoft allows
    ["Wed, 15 Apr 2026 12:01:00 GMT",   60_000],
    ["Wednesday, 15-Apr-26 12:00:05 GMT", 5000], // obsolete RFC 850 form
    ["Wed, 15 Apr 2026 11:59:00 GMT",   0],      // already past
    ["",                                undefined],
    ["   ",                             undefined],
    ["-5",                              undefined],
    ["1e3",                             undefined],
    ["7",                               7000],   // not the year 2007
    ["soon",                            undefined],
    ["Wed, 99 Foo 2026",                undefined],
  ];
  it.each(table)("%j → %s", (header, retryAfterMs) => {
    expect(parseRetryAfterMs(header, now)).toBe(retryAfterMs);
  });
});

describe("backoffDelayMs", () => {
  const justBelowOne = () => 0.999_999;

  // prettier-ignore
  const table: Array<[attempt: number, random: () => number, options: { baseMs?: number; capMs?: number }, delayMs: number]> = [
    [1,  () => 0,     {},                               0],
    [1,  () => 0.5,   {},                               500],
    [1,  justBelowOne, {},                              999],
    [2,  () => 0.5,   {},                               1000],
    [3,  () => 0.5,   {},                               2000],
    [10, () => 0.5,   {},                               256_000],
    [11, justBelowOne, {},                              899_999], // capped at 15 minutes
    [1000, justBelowOne, {},                            899_999], // no overflow
    [3,  () => 0.5,   { baseMs: 100 },                  200],
    [5,  justBelowOne, { baseMs: 100, capMs: 1000 },    999],
  ];
  it.each(table)("attempt %i", (attempt, random, options, delayMs) => {
    expect(backoffDelayMs(attempt, random, options)).toBe(delayMs);
  });

  it("stays within [0, ceiling) for any random value", () => {
    for (let attempt = 1; attempt <= 30; attempt++) {
      for (const r of [0, 0.1, 0.5, 0.9, justBelowOne()]) {
        const delayMs = backoffDelayMs(attempt, () => r);
        expect(delayMs).toBeGreaterThanOrEqual(0);
        expect(delayMs).toBeLessThan(Math.min(15 * 60_000, 1000 * 2 ** (attempt - 1)));
      }
    }
  });

  it.each([0, -1, 1.5, Number.NaN])("rejects attempt %s", (attempt) => {
    expect(() => backoffDelayMs(attempt, () => 0.5)).toThrow(RangeError);
  });
});
