/**
 * The embedded database's own thread: it owns the PGlite instance and runs what the
 * process's threadClient.ts sends. Statements, transactions and notifications all pass
 * through here, so the database's work runs beside the web server and the sync worker
 * rather than between their turns.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, types } from "@electric-sql/pglite";
import { preparedStatements } from "./preparedStatements.ts";
import { describeError, type QueryResult, type Reply, type ReplyValues, type Request, type ThreadOptions } from "./protocol.ts";

const port = parentPort;
if (!port) throw new Error("databaseThread.ts runs only as a worker thread");
const options = workerData as ThreadOptions;

const asText = (value: string): string => value;
const database = new PGlite({
  ...(("dataDir" in options.source) ? { dataDir: options.source.dataDir } : {}),
  ...(("dump" in options.source) ? { loadDataDir: new Blob([options.source.dump]) } : {}),
  startParams: [...PGlite.defaultStartParams, ...Object.entries(options.settings).flatMap(([name, value]) => ["-c", `${name}=${value}`])],
  // Drizzle asks every query to leave dates, times and intervals as PostgreSQL's text; its
  // parser functions cannot cross to this thread, so the thread applies the same ones.
  parsers: Object.fromEntries(
    [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182].map((type) => [type, asText]),
  ),
});

/**
 * Distinct statement texts kept prepared. The product has a few hundred (a drizzle list makes
 * one text per length); a text closed beyond them is prepared again when it next comes.
 */
const PREPARED_CAPACITY = 500;
const statements = preparedStatements(database, PREPARED_CAPACITY);

/** Thrown into a transaction's callback to make PGlite roll it back. */
const ROLLED_BACK = Symbol("rolled back");

interface OpenTransaction {
  finish(commit: boolean): void;
  settled: Promise<void>;
}
const transactions = new Map<number, OpenTransaction>();
const listeners = new Map<number, () => Promise<void>>();

function post(reply: Reply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(reply, transfer);
}

/**
 * PGlite's own locks, as its `query` takes them: a statement outside a transaction waits
 * for any open transaction to end; one inside it only for the statement before it.
 */
async function query({ sql, params, rowMode, tx }: Extract<Request, { kind: "query" }>): Promise<QueryResult> {
  const run = async (): Promise<QueryResult> => {
    const { rows, fields, affectedRows } = await statements.run(sql, params, rowMode, tx !== null);
    return { rows, fields, affectedRows };
  };
  if (tx === null) return database._runExclusiveTransaction(() => database._runExclusiveQuery(run));
  if (!transactions.has(tx)) throw new Error(`transaction ${tx} is not open`);
  return database._runExclusiveQuery(run);
}

/** Opens a transaction and answers once it is inside it; `end` lets PGlite commit or roll back. */
function begin(id: number): Promise<number> {
  return new Promise((entered, failed) => {
    const settled = database.transaction(
      () =>
        new Promise<void>((commit, rollback) => {
          transactions.set(id, { settled, finish: (ok) => (ok ? commit() : rollback(ROLLED_BACK)) });
          entered(id);
        }),
    );
    // Before the callback ran (BEGIN failed) this refuses the request; afterwards `end` reports.
    settled.catch(failed);
  });
}

async function end(txId: number, commit: boolean): Promise<null> {
  const open = transactions.get(txId);
  if (!open) throw new Error(`transaction ${txId} is not open`);
  transactions.delete(txId);
  open.finish(commit);
  try {
    await open.settled;
  } catch (error) {
    if (error !== ROLLED_BACK) throw error;
  }
  return null;
}

async function handle(request: Request): Promise<ReplyValues[keyof ReplyValues]> {
  switch (request.kind) {
    case "ready":
      await database.waitReady;
      return null;
    case "query":
      return query(request);
    case "begin":
      return begin(request.id);
    case "end":
      return end(request.tx, request.commit);
    case "listen": {
      const stop = await database.listen(request.channel, () => post({ kind: "notify", listener: request.id }));
      listeners.set(request.id, stop);
      return request.id;
    }
    case "unlisten":
      await listeners.get(request.listener)?.();
      listeners.delete(request.listener);
      return null;
    case "dump": {
      const file = await database.dumpDataDir("none");
      return new Uint8Array(await file.arrayBuffer());
    }
    case "close":
      await database.close();
      return null;
  }
}

// Requests are not awaited one by one: PGlite orders them itself, and a transaction's
// statements must reach it while statements outside wait for the transaction's end.
port.on("message", (request: Request) => {
  handle(request).then(
    (value) => post({ kind: "reply", id: request.id, ok: true, value }, value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : []),
    (error: unknown) => post({ kind: "reply", id: request.id, ok: false, error: describeError(error) }),
  );
});
