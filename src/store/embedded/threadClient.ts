/**
 * The process's side of the embedded database's thread (databaseThread.ts): statements,
 * transactions and LISTEN go over the thread's message port, and the database's work runs
 * on another core than the web server and the sync worker that ask for it.
 */
import { Worker } from "node:worker_threads";
import type { Results } from "@electric-sql/pglite";
import { databaseThreadScript } from "./threadScript.ts";
import { errorFrom, type EmbeddedSource, type Reply, type ReplyValues, type Request, type RowMode, type ThreadOptions } from "./protocol.ts";

/**
 * The thread's objects live for one statement, so a small young generation is enough: with
 * V8's default the thread held 57-70 MB of heap for 20-40 MB in use, and with 4 MB the
 * process peaked 25-50 MB lower in the memory scenario, with no change to the API's
 * latency in alternating propagation runs.
 */
const THREAD_YOUNG_GENERATION_MB = 4;

/** What drizzle's PGlite driver calls: statements, on the database or in a transaction. */
export interface EmbeddedQueries {
  query<Row>(sql: string, params?: unknown[], options?: { rowMode?: RowMode }): Promise<Results<Row>>;
}

export interface EmbeddedClient extends EmbeddedQueries {
  transaction<T>(work: (tx: EmbeddedQueries) => Promise<T>): Promise<T>;
}

/** A request without its id, which the client assigns. */
type Unsent<R> = R extends { id: number } ? Omit<R, "id"> : never;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class DatabaseThread implements EmbeddedClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Map<number, () => void>();
  #nextId = 1;
  #stopped: Error | null = null;

  private constructor(script: URL, options: ThreadOptions) {
    this.#worker = new Worker(script, { workerData: options, resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB } });
    // An idle database must not keep the process alive; a statement in flight must.
    this.#worker.unref();
    this.#worker.on("message", (reply: Reply) => this.#receive(reply));
    this.#worker.on("error", (error) => this.#stop(new Error(`the embedded database stopped: ${error.message}`, { cause: error })));
    this.#worker.on("exit", (code) => this.#stop(new Error(`the embedded database's thread exited (code ${code})`)));
  }

  /** Starts the thread and waits until the database is open (or refuses to open). */
  static async start(source: EmbeddedSource, settings: Record<string, string>): Promise<DatabaseThread> {
    const thread = new DatabaseThread(await databaseThreadScript(), { source, settings });
    try {
      await thread.#call({ kind: "ready" });
    } catch (error) {
      await thread.#worker.terminate();
      throw error;
    }
    return thread;
  }

  async query<Row>(sql: string, params: unknown[] = [], options: { rowMode?: RowMode } = {}): Promise<Results<Row>> {
    return this.#query<Row>(null, sql, params, options.rowMode);
  }

  async transaction<T>(work: (tx: EmbeddedQueries) => Promise<T>): Promise<T> {
    const tx = await this.#call({ kind: "begin" });
    let result: T;
    try {
      result = await work({ query: (sql, params = [], options = {}) => this.#query(tx, sql, params, options.rowMode) });
    } catch (error) {
      // The work's own error is the one to report, even if the thread is gone and cannot roll back.
      await this.#call({ kind: "end", tx, commit: false }).catch(() => undefined);
      throw error;
    }
    await this.#call({ kind: "end", tx, commit: true });
    return result;
  }

  /** Calls `onNotify` for every NOTIFY on `channel`; the answer stops listening. */
  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    const listener = await this.#call({ kind: "listen", channel });
    this.#listeners.set(listener, onNotify);
    return async () => {
      this.#listeners.delete(listener);
      await this.#call({ kind: "unlisten", listener });
    };
  }

  /** The data directory as a tarball, to start other databases from (the tests' template). */
  async dump(): Promise<Uint8Array> {
    return this.#call({ kind: "dump" });
  }

  async close(): Promise<void> {
    if (this.#stopped) return;
    await this.#call({ kind: "close" });
    this.#stop(new Error("the embedded database is closed"));
    await this.#worker.terminate();
  }

  async #query<Row>(tx: number | null, sql: string, params: unknown[], rowMode: RowMode = "object"): Promise<Results<Row>> {
    // The thread sends back exactly what PGlite answered for this statement.
    return (await this.#call({ kind: "query", sql, params, rowMode, tx })) as Results<Row>;
  }

  #call<R extends Unsent<Request>>(request: R): Promise<ReplyValues[R["kind"]]> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const id = this.#nextId++;
    return new Promise<ReplyValues[R["kind"]]>((resolve, reject) => {
      // The thread answers each kind of request with that kind's value (protocol.ts).
      this.#pending.set(id, { resolve: (value) => resolve(value as ReplyValues[R["kind"]]), reject });
      if (this.#pending.size === 1) this.#worker.ref();
      this.#worker.postMessage({ ...request, id });
    });
  }

  #receive(reply: Reply): void {
    if (reply.kind === "notify") {
      this.#listeners.get(reply.listener)?.();
      return;
    }
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(errorFrom(reply.error));
  }

  #stop(reason: Error): void {
    if (this.#stopped) return;
    this.#stopped = reason;
    for (const pending of this.#pending.values()) pending.reject(reason);
    this.#pending.clear();
  }
}
