// Loads Microsoft's documented request/response examples (test/fixtures/examples) and compares
// the shape of a documented response with the emulator's: every documented property must be
// there with the same JSON type. Documented responses are often shortened, so extra properties
// in the emulator's answer are fine.
import { readFileSync } from "node:fs";
import { z } from "zod";

const exampleSchema = z.object({
  source: z.string(),
  title: z.string(),
  request: z.object({ method: z.string(), url: z.string(), headers: z.record(z.string(), z.string()), body: z.unknown() }).nullable(),
  response: z.object({ status: z.number().nullable(), headers: z.record(z.string(), z.string()), body: z.unknown() }).nullable(),
  note: z.string().optional(),
});
export type Example = z.infer<typeof exampleSchema>;

export function loadExample(name: string): Example {
  return exampleSchema.parse(JSON.parse(readFileSync(new URL(`../fixtures/examples/${name}.json`, import.meta.url), "utf8")));
}

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/**
 * Where `actual` lacks or contradicts the documented shape. `ignore` lists JSON paths
 * ("$.onlineMeeting.conferenceId", "$.value[].x") the emulator deliberately does not reproduce.
 */
export function shapeDifferences(documented: unknown, actual: unknown, ignore: ReadonlySet<string> = new Set(), path = "$"): string[] {
  if (ignore.has(path) || documented === null) return [];
  if (Array.isArray(documented)) {
    if (!Array.isArray(actual)) return [`${path}: documented an array, got ${kind(actual)}`];
    if (documented.length > 0 && actual.length === 0) return [`${path}: documented items, got none`];
    if (documented.length === 0 || actual.length === 0) return [];
    return shapeDifferences(documented[0], actual[0], ignore, `${path}[]`);
  }
  if (typeof documented === "object") {
    if (kind(actual) !== "object") return [`${path}: documented an object, got ${kind(actual)}`];
    const record = actual as Record<string, unknown>;
    return Object.entries(documented as Record<string, unknown>).flatMap(([key, value]) => {
      const child = `${path}.${key}`;
      if (ignore.has(child)) return [];
      if (!(key in record)) return [`${child}: missing`];
      return shapeDifferences(value, record[key], ignore, child);
    });
  }
  return kind(documented) === kind(actual) ? [] : [`${path}: documented ${kind(documented)}, got ${kind(actual)}`];
}
