/**
 * The embedded database's gate for background work: a person's statement waits behind at
 * most two of the worker's, however many the worker has asked for, and a transaction
 * holds one place in the gate for all its statements.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatedClient } from "../../../src/store/embedded/backgroundGate.ts";
import { DatabaseThread } from "../../../src/store/embedded/threadClient.ts";

describe("the embedded database's background gate", () => {
  let client: DatabaseThread;
  beforeAll(async () => {
    client = await DatabaseThread.start({ memory: true }, {});
  });
  afterAll(async () => client.close());

  it("lets a foreground statement overtake all but two queued background statements", async () => {
    const background = gatedClient(client, 2);
    const finished: string[] = [];
    const backgroundWork = Array.from({ length: 10 }, (_, i) =>
      background.query("select pg_sleep(0.02)").then(() => finished.push(`background ${i}`)),
    );
    const foreground = client.query("select 1").then(() => finished.push("foreground"));
    await Promise.all([...backgroundWork, foreground]);
    expect(finished.indexOf("foreground")).toBe(2);
    expect(finished.filter((name) => name.startsWith("background"))).toEqual(Array.from({ length: 10 }, (_, i) => `background ${i}`));
  });

  it("runs a transaction's statements inside the one place it holds", async () => {
    const background = gatedClient(client, 1);
    const result = await background.transaction(async (tx) => {
      await tx.query("create temporary table gate_probe (n int)");
      await tx.query("insert into gate_probe values (1), (2)");
      return tx.query<{ total: number }>("select sum(n)::int as total from gate_probe");
    });
    expect(result.rows[0]?.total).toBe(3);
    // The place is given back: the next statement runs.
    expect((await background.query<{ one: number }>("select 1 as one")).rows[0]?.one).toBe(1);
  });
});
