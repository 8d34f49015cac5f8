/**
 * The embedded database runs one statement at a time, first come first served, for the
 * web server and the sync worker alike. A worker with eight lanes can queue a dozen
 * statements, and a web request then waits behind all of them. Through this gate the
 * worker keeps at most `maxQueued` statements (or transactions) with the database, so a
 * person's request waits behind that many at most; the rest wait in the worker.
 */
import type { PGlite } from "@electric-sql/pglite";

export function gatedPglite(client: PGlite, maxQueued: number): PGlite {
  let active = 0;
  const waiting: Array<() => void> = [];
  async function run<T>(work: () => Promise<T>): Promise<T> {
    while (active >= maxQueued) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await work();
    } finally {
      active--;
      waiting.shift()?.();
    }
  }
  // Drizzle sends everything through query() and transaction(); a transaction's own
  // statements go to the client it is handed, inside the one slot it holds.
  return new Proxy(client, {
    get(target, property) {
      if (property === "query") return (...args: Parameters<PGlite["query"]>) => run(() => target.query(...args));
      if (property === "transaction") return (...args: Parameters<PGlite["transaction"]>) => run(() => target.transaction(...args));
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
