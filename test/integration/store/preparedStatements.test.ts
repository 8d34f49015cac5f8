/**
 * The embedded database's statements, prepared once per text (src/store/embedded/
 * preparedStatements.ts): each answer is what PGlite's own `query` gives for the same
 * statement, however often it runs, and the prepared statements stay bounded.
 */
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preparedStatements, type PreparedStatements } from "../../../src/store/embedded/preparedStatements.ts";

describe("prepared statements on the embedded database", () => {
  let database: PGlite;
  let statements: PreparedStatements;
  const run = (sql: string, params: unknown[] = [], rowMode: "array" | "object" = "object") => statements.run(sql, params, rowMode, false);
  const preparedCount = async () => (await database.query<{ n: number }>("select count(*)::int as n from pg_prepared_statements")).rows[0]?.n;

  beforeAll(async () => {
    database = new PGlite();
    statements = preparedStatements(database, 3);
    await database.exec("create table pets (id int primary key, name text not null, tags text[], born date)");
  });
  afterAll(async () => database.close());

  it.each([
    ["no parameters", "select 1 + 1 as two", [], "object"],
    ["a text parameter", "select upper($1) as loud", ["quiet"], "object"],
    ["a null parameter", "select $1::int is null as missing", [null], "object"],
    ["an array parameter", "select $1::text[] as tags", [["a", "b,c", 'd"e']], "object"],
    ["a number and a boolean", "select $1::int * 2 as n, $2::boolean as yes", [21, true], "object"],
    ["rows as arrays", "select g as n, g * g as square from generate_series(1, $1::int) g", [3], "array"],
    ["a statement without rows", "update pets set name = name where id = $1", [0], "object"],
  ] as const)("answers like PGlite's query, twice in a row: %s", async (_name, sql, params, rowMode) => {
    const expected = await database.query(sql, [...params], { rowMode });
    for (let round = 0; round < 2; round++) {
      const result = await run(sql, [...params], rowMode);
      expect({ rows: result.rows, fields: result.fields, affectedRows: result.affectedRows }).toEqual({
        rows: expected.rows,
        fields: expected.fields,
        affectedRows: expected.affectedRows,
      });
    }
  });

  it("counts the rows a change touched", async () => {
    const inserted = await run("insert into pets (id, name) select g, 'pet ' || g from generate_series(1, 3) g");
    expect(inserted.affectedRows).toBe(3);
    const renamed = await run("update pets set name = $1 where id <= $2 returning id", ["renamed", 2]);
    expect(renamed.affectedRows).toBe(2);
    expect(renamed.rows).toEqual([{ id: 1 }, { id: 2 }]);
    await run("delete from pets");
  });

  it("keeps at most its capacity of statements prepared, and runs a closed one again", async () => {
    for (const n of [1, 2, 3, 4, 5]) expect((await run(`select ${n} as n`)).rows).toEqual([{ n }]);
    // Statements over capacity are closed with the next one prepared.
    expect(await preparedCount()).toBeLessThanOrEqual(4);
    expect((await run("select 1 as n")).rows).toEqual([{ n: 1 }]);
    expect(await preparedCount()).toBeLessThanOrEqual(4);
  });

  it("refuses a statement PostgreSQL cannot parse, with its SQLSTATE, and goes on", async () => {
    await expect(run("selec 1")).rejects.toMatchObject({ code: "42601" });
    expect((await run("select 'after' as word")).rows).toEqual([{ word: "after" }]);
  });

  it("runs a statement again after its table changed the columns it returns", async () => {
    await run("insert into pets (id, name) values (1, 'Rex')");
    expect((await run("select * from pets")).fields.map((field) => field.name)).toEqual(["id", "name", "tags", "born"]);
    await run("alter table pets add column weight int");
    expect((await run("select * from pets")).fields.map((field) => field.name)).toEqual(["id", "name", "tags", "born", "weight"]);
    await run("delete from pets");
  });

  it("keeps a statement first prepared inside a transaction that rolled back", async () => {
    await database.transaction(async (tx) => {
      expect((await statements.run("select 'inside' as at", [], "object", true)).rows).toEqual([{ at: "inside" }]);
      await tx.rollback();
    });
    expect((await run("select 'inside' as at")).rows).toEqual([{ at: "inside" }]);
  });
});
