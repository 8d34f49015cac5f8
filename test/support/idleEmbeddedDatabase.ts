// Opens the embedded database, answers one statement and returns without closing it: the
// process must finish once the statement has (the thread must not hold it open).
import { openEmbeddedDatabase } from "../../src/store/embedded/embeddedDb.ts";
import { queryRows } from "../../src/store/db.ts";

const database = await openEmbeddedDatabase({ memory: true });
const [row] = await queryRows<{ answer: number }>(database.db, "select 42 as answer");
process.stdout.write(`${JSON.stringify(row)}\n`);
