/**
 * The embedded database (PGlite) behind the same `Database` as PostgreSQL. It runs on a
 * thread of its own (databaseThread.ts), and processes on PostgreSQL never load this module
 * (db.ts imports it on demand).
 */
import type { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import type { Database } from "../db.ts";
import * as schema from "../schema.ts";
import { gatedClient } from "./backgroundGate.ts";
import type { EmbeddedSource } from "./protocol.ts";
import { DatabaseThread, type EmbeddedClient } from "./threadClient.ts";

/** Statements of the background the embedded database holds at once (see backgroundGate.ts). */
const BACKGROUND_STATEMENTS_QUEUED = 2;

/**
 * The embedded database's own page cache, inside its WebAssembly memory (which never
 * shrinks). Its files are cached by the operating system as well, so PostgreSQL's default
 * of 128 MB mostly held pages twice: with 10,000 links the process peaked at 593-696 MB, and
 * at 447 MB with 32 MB here, for about 10% more CPU per Graph write.
 */
const SETTINGS = { shared_buffers: "32MB" };

export interface EmbeddedDatabase extends Database {
  /** The data directory as a tarball, to start other databases from (the tests' template). */
  dump(): Promise<Uint8Array>;
}

export async function openEmbeddedDatabase(source: EmbeddedSource): Promise<EmbeddedDatabase> {
  const thread = await DatabaseThread.start(source, SETTINGS);
  return {
    db: drizzleOver(thread),
    backgroundDb: drizzleOver(gatedClient(thread, BACKGROUND_STATEMENTS_QUEUED)),
    kind: "pglite",
    listen: (channel, onNotify) => thread.listen(channel, onNotify),
    dump: () => thread.dump(),
    close: () => thread.close(),
  };
}

function drizzleOver(client: EmbeddedClient): Database["db"] {
  // Drizzle's PGlite driver calls only query() and transaction(), which the thread's client
  // answers with PGlite's own results; the rest of PGlite's interface stays in the thread.
  return drizzlePglite({ client: client as unknown as PGlite, schema });
}
