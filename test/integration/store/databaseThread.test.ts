/**
 * The embedded database on its own thread (src/store/embedded): what crosses the thread is
 * exactly what PGlite answered in the same thread would be, errors and transactions included.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../../src/store/db.ts";
import { openEmbeddedDatabase, type EmbeddedDatabase } from "../../../src/store/embedded/embeddedDb.ts";
import { DatabaseThread } from "../../../src/store/embedded/threadClient.ts";
import { eventually } from "../../support/eventually.ts";

describe("the embedded database's thread", () => {
  let database: EmbeddedDatabase;
  beforeAll(async () => {
    database = await openEmbeddedDatabase({ memory: true });
    await queryRows(database.db, "create table notes (id int primary key, note text not null)");
  });
  afterAll(async () => database.close());

  const count = async (): Promise<number> => (await queryRows<{ n: number }>(database.db, "select count(*)::int as n from notes"))[0]?.n ?? -1;

  it("hands back a database error with its SQLSTATE, constraint and message", async () => {
    await queryRows(database.db, "insert into notes values (1, 'first')");
    const refused = await database.db.execute(sql`insert into notes values (1, 'again')`).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Error);
    const cause = (refused as Error).cause as Record<string, unknown>;
    expect(cause).toMatchObject({ code: "23505", constraint: "notes_pkey", table: "notes" });
    expect(cause.message).toMatch(/duplicate key value violates unique constraint "notes_pkey"/);
    await queryRows(database.db, "delete from notes");
  });

  it("commits a transaction's work, and rolls back all of it when the work throws", async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into notes values (10, 'kept')`);
    });
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into notes values (11, 'undone')`);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await queryRows(database.db, "select id, note from notes order by id")).toEqual([{ id: 10, note: "kept" }]);
    await queryRows(database.db, "delete from notes");
  });

  it("rolls back a nested transaction to its savepoint and keeps the outer one's work", async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into notes values (20, 'outer')`);
      await tx
        .transaction(async (inner) => {
          await inner.execute(sql`insert into notes values (21, 'inner')`);
          throw new Error("inner only");
        })
        .catch(() => undefined);
    });
    expect(await queryRows(database.db, "select id from notes order by id")).toEqual([{ id: 20 }]);
    await queryRows(database.db, "delete from notes");
  });

  it("holds statements from outside until an open transaction ends", async () => {
    let countedOutside: Promise<number> | undefined;
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into notes values (30, 'in flight')`);
      countedOutside = count();
      // Given time, a statement that did not wait would run now and count nothing.
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(await countedOutside).toBe(1);
    await queryRows(database.db, "delete from notes");
  });

  it("leaves dates and times as PostgreSQL's text, as drizzle asks", async () => {
    const [row] = await queryRows<{ at: unknown; day: unknown; span: unknown }>(
      database.db,
      "select timestamptz '2026-03-29 01:30:00+00' as at, date '2026-03-29' as day, interval '90 minutes' as span",
    );
    expect(row).toEqual({ at: "2026-03-29 01:30:00+00", day: "2026-03-29", span: "01:30:00" });
  });

  it("delivers a NOTIFY to the process after its commit, and stops when asked", async () => {
    let heard = 0;
    const stop = await database.listen("thread_probe", () => {
      heard += 1;
    });
    await queryRows(database.db, "notify thread_probe");
    await eventually("the notification", async () => (heard === 1 ? true : undefined), 5_000);
    await stop();
    await queryRows(database.db, "notify thread_probe");
    await queryRows(database.db, "select 1");
    expect(heard).toBe(1);
  });
});

describe("the embedded database's thread, opening and closing", () => {
  const dir = mkdtempSync(join(tmpdir(), "careroom-thread-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses to open where no data directory can be, and says why", async () => {
    const file = join(dir, "not-a-directory");
    writeFileSync(file, "plain file");
    await expect(DatabaseThread.start({ dataDir: join(file, "data") }, {})).rejects.toThrow(/not-a-directory/);
  });

  it("refuses statements once closed, with a message", async () => {
    const thread = await DatabaseThread.start({ memory: true }, {});
    await thread.close();
    await expect(thread.query("select 1")).rejects.toThrow("the embedded database is closed");
  });

  it("does not keep a process alive once its statements are answered", async () => {
    const fixture = new URL("../../support/idleEmbeddedDatabase.ts", import.meta.url).pathname;
    const child = spawn(process.execPath, ["--import", "tsx", fixture], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
    clearTimeout(timer);
    expect({ code, signal, output }).toEqual({ code: 0, signal: null, output: '{"answer":42}\n' });
  });
});
