/**
 * The messages between the process and the thread that runs the embedded database
 * (threadClient.ts and databaseThread.ts). Both ends are this module's code in one process,
 * so the shapes are trusted as typed rather than parsed again on every statement.
 */
import type { Results } from "@electric-sql/pglite";

/** Where the thread's database lives: a data directory, a dump to start from, or memory. */
export type EmbeddedSource = { dataDir: string } | { dump: Uint8Array } | { memory: true };

export interface ThreadOptions {
  source: EmbeddedSource;
  /** PostgreSQL settings passed at start, as `-c name=value` pairs. */
  settings: Record<string, string>;
}

export type RowMode = "array" | "object";

/** A statement runs inside transaction `tx`, or on its own when it is null. */
export type Request =
  | { id: number; kind: "ready" }
  | { id: number; kind: "query"; sql: string; params: unknown[]; rowMode: RowMode; tx: number | null }
  | { id: number; kind: "begin" }
  | { id: number; kind: "end"; tx: number; commit: boolean }
  | { id: number; kind: "listen"; channel: string }
  | { id: number; kind: "unlisten"; listener: number }
  | { id: number; kind: "dump" }
  | { id: number; kind: "close" };

/** What each request answers with. */
export interface ReplyValues {
  ready: null;
  query: QueryResult;
  begin: number;
  end: null;
  listen: number;
  unlisten: null;
  dump: Uint8Array;
  close: null;
}

export type QueryResult = Pick<Results<unknown>, "rows" | "fields" | "affectedRows">;

/** A database error's own fields (SQLSTATE and the rest), which a thread boundary would drop. */
export interface ErrorFields {
  message: string;
  [field: string]: string;
}

export type Reply =
  | { kind: "reply"; id: number; ok: true; value: ReplyValues[keyof ReplyValues] }
  | { kind: "reply"; id: number; ok: false; error: ErrorFields }
  | { kind: "notify"; listener: number };

/** Copies an error's message and its string fields (code, detail, constraint, ...). */
export function describeError(error: unknown): ErrorFields {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: ErrorFields = { message: error.message };
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === "string") fields[key] = value;
  }
  return fields;
}

export function errorFrom(fields: ErrorFields): Error {
  return Object.assign(new Error(fields.message), fields);
}
