import { describe, expect, it } from "vitest";
import { AppError, ERRORS, appError, coerceError, type ErrorCode } from "../../../src/domain/errors.ts";

const REQUIRED_CODES: ErrorCode[] = [
  "SESSION_END_BEFORE_START",
  "SESSION_TIME_ZONE_UNKNOWN",
  "SESSION_HOST_NOT_LICENSED",
  "SESSION_HOST_NOT_IN_ORGANIZATION",
  "SESSION_TITLE_TOO_LONG",
  "SESSION_NOT_FOUND",
  "AUTH_INVALID_CREDENTIALS",
  "AUTH_REQUIRED",
  "AUTH_FORBIDDEN",
  "CSRF_INVALID",
  "RATE_LIMITED",
  "LINK_NOT_ALLOWED",
  "LINK_STATE_INVALID",
  "LINK_CONSENT_DENIED",
  "LINK_MAILBOX_TAKEN",
  "LINK_NEEDS_RELINK",
  "SYNC_GRAPH_THROTTLED",
  "SYNC_GRAPH_UNAVAILABLE",
  "SYNC_GRAPH_REJECTED",
  "SYNC_TIME_ZONE_REJECTED",
  "VALIDATION_FAILED",
  "NOT_FOUND",
  "CONFLICT",
];

const JARGON = /graph|http|aadsts|token|oauth|csrf|pkce|null|undefined|exception|\b\d{3}\b/i;

describe("the error catalogue", () => {
  it("has every code the product relies on", () => {
    expect(Object.keys(ERRORS)).toEqual(expect.arrayContaining(REQUIRED_CODES));
  });

  it.each(Object.entries(ERRORS))("%s: an error status and a plain sentence", (_code, { statusCode, message }) => {
    expect(statusCode).toBeGreaterThanOrEqual(400);
    expect(statusCode).toBeLessThan(600);
    expect(message).toMatch(/^[A-Z].*[.]$/);
    expect(message).not.toMatch(JARGON);
  });

  // prettier-ignore
  const statuses: Array<[ErrorCode, number]> = [
    ["AUTH_REQUIRED",            401],
    ["AUTH_INVALID_CREDENTIALS", 401],
    ["AUTH_FORBIDDEN",           403],
    ["CSRF_INVALID",             403],
    ["RATE_LIMITED",             429],
    ["SESSION_NOT_FOUND",        404],
    ["NOT_FOUND",                404],
    ["CONFLICT",                 409],
    ["LINK_MAILBOX_TAKEN",       409],
    ["VALIDATION_FAILED",        400],
  ];
  it.each(statuses)("%s → %i", (code, statusCode) => {
    expect(ERRORS[code].statusCode).toBe(statusCode);
  });
});

describe("appError", () => {
  it("carries code, status, sentence and details", () => {
    const error = appError("SESSION_TITLE_TOO_LONG", { maxLength: 200 });
    expect(error).toBeInstanceOf(AppError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("AppError");
    expect(error.code).toBe("SESSION_TITLE_TOO_LONG");
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe(ERRORS.SESSION_TITLE_TOO_LONG.message);
    expect(error.details).toEqual({ maxLength: 200 });
    expect(error.stack).toContain("AppError");
  });

  it("keeps the cause without putting it in the message", () => {
    const cause = new Error("AADSTS70008: refresh token expired");
    const error = appError("LINK_NEEDS_RELINK", undefined, cause);
    expect(error.cause).toBe(cause);
    expect(error.message).not.toContain("AADSTS");
  });

  it("has no cause property when none is given", () => {
    expect("cause" in appError("NOT_FOUND")).toBe(false);
  });
});

describe("coerceError", () => {
  it("returns an Error unchanged", () => {
    const error = new TypeError("boom");
    expect(coerceError(error)).toBe(error);
    const app = appError("CONFLICT");
    expect(coerceError(app)).toBe(app);
  });

  const hostile = {
    toString(): string {
      throw new Error("toString must not be called");
    },
  };
  // prettier-ignore
  const table: Array<[label: string, thrown: unknown, message: string]> = [
    ["a string",                  "disk full",             "disk full"],
    ["an object with a message",  { message: "nope", code: 7 }, "nope"],
    ["an object without message", { code: 7 },            "A non-error value was thrown (object)."],
    ["a message that is no string", { message: 42 },      "A non-error value was thrown (object)."],
    ["null",                      null,                    "A non-error value was thrown (null)."],
    ["undefined",                 undefined,               "A non-error value was thrown (undefined)."],
    ["a number",                  42,                      "A non-error value was thrown (number)."],
    ["a hostile object",          hostile,                 "A non-error value was thrown (object)."],
  ];
  it.each(table)("normalises %s", (_label, thrown, message) => {
    const error = coerceError(thrown);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe(message);
    expect(error.cause).toBe(thrown);
  });
});
