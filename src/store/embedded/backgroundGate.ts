/**
 * The embedded database runs one statement at a time, first come first served, for the
 * web server and the sync worker alike. A worker with eight lanes can queue a dozen
 * statements, and a web request then waits behind all of them. Through this gate the
 * worker keeps at most `maxQueued` statements (or transactions) with the database, so a
 * person's request waits behind that many at most; the rest wait in the worker.
 */
import type { EmbeddedClient } from "./threadClient.ts";

export function gatedClient(client: EmbeddedClient, maxQueued: number): EmbeddedClient {
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
  // A transaction's own statements go to the client it is handed, inside the one place it holds.
  return {
    query: (sql, params, options) => run(() => client.query(sql, params, options)),
    transaction: (work) => run(() => client.transaction(work)),
  };
}
