/**
 * The embedded database (PGlite) behind the same `Database` as PostgreSQL. A module of its
 * own so that processes on PostgreSQL never load PGlite (db.ts imports it on demand).
 */
import type { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import type { Database } from "./db.ts";
import { gatedPglite } from "./pgliteGate.ts";
import * as schema from "./schema.ts";

/** Statements of the background the embedded database holds at once (see pgliteGate.ts). */
const BACKGROUND_STATEMENTS_QUEUED = 2;

export function wrapPglite(client: PGlite): Database {
  const db = drizzlePglite({ client, schema });
  return {
    db,
    backgroundDb: drizzlePglite({ client: gatedPglite(client, BACKGROUND_STATEMENTS_QUEUED), schema }),
    kind: "pglite",
    async listen(channel, onNotify) {
      return client.listen(channel, onNotify);
    },
    async close() {
      await client.close();
    },
  };
}
