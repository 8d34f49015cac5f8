/**
 * Parses every request part (body, params, query) with the contract's zod schemas and turns
 * what zod finds into VALIDATION_FAILED: one sentence for a person, and a problem per field.
 */
import type { FastifySchemaCompiler } from "fastify";
import type { z } from "zod";
import { appError, type AppError } from "../domain/errors.ts";

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const unstorable = findUnstorable(data, []);
    if (unstorable !== undefined) return { error: validationFailed([unstorable], httpPart) };
    const result = schema.safeParse(data, { error: describeIssue });
    if (result.success) return { value: result.data };
    return { error: validationFailed(result.error.issues.flatMap(problemsOf), httpPart) };
  };

type Problem = [path: readonly PropertyKey[], message: string];

function problemsOf(issue: Issue): Problem[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key): Problem => [[...issue.path, key], "is not a field we accept"]);
  }
  return [[issue.path, issue.message]];
}

function validationFailed(problems: readonly Problem[], httpPart: string | undefined): AppError {
  const fields: Record<string, string> = {};
  for (const [path, message] of problems) {
    const key = path.length === 0 ? (httpPart ?? "request") : path.map(String).join(".");
    fields[key] ??= message;
  }
  const [first] = problems;
  return appError("VALIDATION_FAILED", {
    fields,
    ...(first === undefined ? {} : { sentence: asSentence(first[0], first[1]) }),
  });
}

/** Zod's own wording ("Invalid input: expected string, received undefined") is for programmers. */
function describeIssue(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "is required" : `must be ${withArticle(issue.expected)}`;
    case "too_big":
      return `must be at most ${String(issue.maximum)}${unitOf(issue.origin)}`;
    case "too_small":
      if (issue.origin === "string" && issue.minimum === 1) return "must not be empty";
      return `must be at least ${String(issue.minimum)}${unitOf(issue.origin)}`;
    case "invalid_format":
      return issue.format === "email" ? "must be an e-mail address" : `must be a valid ${issue.format}`;
    case "invalid_value":
      return `must be one of: ${issue.values.map(String).join(", ")}`;
    default:
      return undefined;
  }
}

function unitOf(origin: string): string {
  if (origin === "string") return " characters";
  if (origin === "array" || origin === "set") return " items";
  return "";
}

function withArticle(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

const LABELS: Readonly<Record<string, string>> = {
  title: "title",
  hostId: "host",
  startsAt: "start",
  durationMin: "duration",
  timeZone: "time zone",
  notes: "notes",
  participants: "participant list",
  name: "name",
  email: "e-mail address",
  phone: "phone number",
  password: "password",
  id: "id",
  token: "link",
  roles: "list of roles",
  licensed: "licence",
  active: "account status",
  integrationAdmin: "integration setting",
  logoText: "logo text",
  primaryColor: "primary button colour",
  secondaryColor: "secondary button colour",
  privacyLevel: "choice of what Outlook events show",
  userId: "user",
  kind: "kind of entry",
};

/** "title" + "must be at most 120 characters" → "The title must be at most 120 characters." */
function asSentence(path: readonly PropertyKey[], message: string): string {
  if (/^[A-Z].*\.$/.test(message)) return message;
  const fieldName = path.at(-1);
  const label = typeof fieldName === "string" ? (LABELS[fieldName] ?? `field "${fieldName}"`) : "request";
  const participantIndex = path[0] === "participants" && typeof path[1] === "number" ? path[1] : undefined;
  const subject = participantIndex !== undefined && path.length > 2 ? `Participant ${participantIndex + 1}'s ${label}` : `The ${label}`;
  return `${subject} ${message}.`;
}

/** No request of ours nests deeper than a few levels; a deeper one is not for us. */
const MAX_DEPTH = 32;

/**
 * PostgreSQL cannot store U+0000 in text, so it is refused here rather than failing there.
 * The depth limit keeps a body of 100,000 nested arrays from exhausting the stack (a 500).
 */
function findUnstorable(value: unknown, path: PropertyKey[]): Problem | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? [path, "must not contain a NUL character"] : undefined;
  if (typeof value !== "object" || value === null) return undefined;
  if (path.length >= MAX_DEPTH) return [path, "is nested too deeply"];
  const entries: Iterable<[PropertyKey, unknown]> = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [key, item] of entries) {
    const found = findUnstorable(item, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}
