/**
 * Hostile input for property tests of the API: strings, numbers, dates, time zones and
 * whole JSON bodies that a careless or malicious client could send, and the check that
 * every answer is a success or a clear 4xx, with nothing written when it is refused.
 */
import fc from "fast-check";
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { Queryable } from "../../src/store/db.ts";
import { tableRows } from "./snapshot.ts";

export const XSS_TITLES = ["<img src=x onerror=alert(1)>", '"><script>alert(1)</script>'];
const FRAGMENTS = [
  ...XSS_TITLES,
  "<svg onload=alert(1)>",
  "javascript:alert(1)",
  "{{7*7}}${7*7}",
  "' OR '1'='1",
  "'; drop table sessions; --",
  '" or 1=1 --',
  "1; select pg_sleep(5)",
  "$1",
  "مرحبا بالعالم",
  "\u202Egnp.exe",
  "👩‍⚕️🩺 café",
  "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o",
  "\uFEFF",
  "\uD800 lone surrogate",
  "a\u0000b",
  "x".repeat(100_000),
  "😀".repeat(30_000),
  "",
  " ",
];
const controlString = fc.string({ unit: fc.integer({ min: 0, max: 31 }).map((code) => String.fromCharCode(code)) });

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...FRAGMENTS),
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  controlString,
);

/** JSON has no NaN or Infinity: they arrive as strings, or as numbers too large or not whole. */
export const hostileNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom("NaN", "Infinity", "30", 1e308, -1e308, -1, 0, -0, 2.5, 2 ** 53 + 1, 1e21, 5, 720, 721),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

const DAY_MS = 86_400_000;
export const hostileInstant: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "not a date",
    "",
    "2026-02-30T10:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-06-01T24:00:00Z",
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-14:00",
    "+275760-09-13T00:00:00Z",
    "1970-01-01T00:00:00Z",
    // Daylight saving gaps and repeats, written with the offset before the change.
    "2026-03-29T01:30:00+00:00",
    "2026-03-08T02:30:00-05:00",
    "2026-11-01T01:30:00-04:00",
    "2026-06-01T09:00:00",
    "2026-06-01",
    "2026-06-01T09:00:00.123456789Z",
  ),
  fc.date({ noInvalidDate: true, min: new Date(-8.64e15), max: new Date(8.64e15) }).map((date) => date.toISOString()),
  // Near now, so some land inside the plausible window and go deeper.
  fc.integer({ min: -3 * DAY_MS, max: 800 * DAY_MS }).map((offset) => new Date(Date.now() + offset).toISOString()),
);

export const hostileLocalDate = fc.oneof(
  fc.constantFrom("2026-03-29", "2026-03-08", "2026-02-29", "2028-02-29", "0000-01-01", "9999-12-31", "2026-1-5", "tomorrow"),
  fc.integer({ min: 0, max: 700 }).map((days) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10)),
);
export const hostileLocalTime = fc.constantFrom("01:30", "02:30", "00:00", "23:59", "24:00", "23:59:60", "9:30", "09:30:00.5", "noon");

export const hostileTimeZone: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "UTC",
    "Europe/London",
    "America/New_York",
    "Asia/Kolkata",
    "Asia/Calcutta",
    "Pacific/Chatham",
    "Australia/Lord_Howe",
    "Etc/GMT+14",
    "Etc/GMT-14",
    "EST5EDT",
    "europe/london",
    "Mars/Olympus_Mons",
    "../../../etc/passwd",
    "+05:30",
    "Z",
  ),
  hostileString,
);

export const hostileJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 4 });

/**
 * A body for a route with these fields: any JSON at all, a random subset of hostile fields,
 * or a valid body with some fields made hostile (which reaches the deeper checks).
 */
export function hostileBody(valid: Record<string, unknown>, fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const someFields = fc.record(fields, { requiredKeys: [] });
  return fc.oneof(
    hostileJson,
    someFields,
    someFields.map((hostile) => ({ ...valid, ...hostile })),
    fc.constantFrom(valid),
  );
}

/** A path segment that may not even be valid UTF-16 (lone surrogates cannot be %-encoded). */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.constantFrom("%E0%A4%A", "%00", "..%2F..%2Fetc", "%2e%2e", "x".repeat(5000)),
  hostileString.map(encodeSegment),
);

export function encodeSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, "\uFFFD"));
  }
}

export function queryString(values: Record<string, unknown>): string {
  return Object.entries(values)
    .flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((item) => `${encodeSegment(key)}=${encodeSegment(String(item))}`))
    .join("&");
}

/**
 * Sends every generated request and checks the answer: a 2xx or 3xx, or a 4xx whose JSON
 * body has a code and a sentence, never a 5xx (unless listed), and for every refusal the
 * database exactly as before.
 */
export async function expectOnlyClearAnswers<T>(
  db: Queryable,
  input: fc.Arbitrary<T>,
  send: (value: T) => Promise<LightMyRequestResponse>,
  options: { numRuns?: number; alsoAllowed?: readonly string[] } = {},
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(input, async (value) => {
      const before = await tableRows(db);
      const response = await send(value);
      const what = `${response.statusCode} ${response.body.slice(0, 300)}`;
      if (response.statusCode < 400) return;
      const body: unknown = response.json();
      expect(body, what).toMatchObject({ code: expect.stringMatching(/^[A-Z_]+$/), message: expect.stringMatching(/^[A-Z].*[.!?]$/s) });
      const code = (body as { code: string }).code;
      expect(response.statusCode < 500 || options.alsoAllowed?.includes(code), what).toBe(true);
      expect(await tableRows(db), `a refused request wrote: ${what}`).toEqual(before);
    }),
    { numRuns: options.numRuns ?? 40 },
  );
}
