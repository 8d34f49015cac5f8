/**
 * The worker's PostgreSQL pool prepares each statement once per connection, and no more
 * than its limit of distinct statements. Only PostgreSQL prepares statements by name.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { preparingPool } from "../../../src/store/preparedPool.ts";

const databaseUrl = process.env.DATABASE_URL;

describe.runIf(databaseUrl !== undefined)("statements prepared once per connection (PostgreSQL)", () => {
  let pool: pg.Pool;
  beforeAll(() => {
    // One connection, so every query below sees the same server session's prepared statements.
    pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  });
  afterAll(async () => {
    await pool?.end();
  });

  const prepared = async (): Promise<string[]> => {
    const { rows } = await pool.query<{ statement: string }>("select statement from pg_prepared_statements order by statement");
    return rows.map((row) => row.statement);
  };

  it("names a repeated statement, prepares it once and answers as before", async () => {
    const preparing = preparingPool(pool, 2);
    for (const n of [1, 2, 3]) {
      const { rows } = await preparing.query({ text: "select $1::int + 1 as next" }, [n]);
      expect(rows).toEqual([{ next: n + 1 }]);
    }
    expect(await prepared()).toEqual(["select $1::int + 1 as next"]);
  });

  it("runs statements beyond its limit unnamed", async () => {
    const preparing = preparingPool(pool, 1);
    await preparing.query({ text: "select $1::int * 2 as twice" }, [2]);
    const { rows } = await preparing.query({ text: "select $1::int * 3 as thrice" }, [2]);
    expect(rows).toEqual([{ thrice: 6 }]);
    const statements = await prepared();
    expect(statements).toContain("select $1::int * 2 as twice");
    expect(statements).not.toContain("select $1::int * 3 as thrice");
  });

  it("leaves a statement that already has a name, and plain text queries, as they are", async () => {
    const preparing = preparingPool(pool);
    await preparing.query({ name: "chosen_by_caller", text: "select 41 + 1 as answer" });
    await preparing.query("select 'plain' as kind");
    const statements = await prepared();
    expect(statements).toContain("select 41 + 1 as answer");
    expect(statements).not.toContain("select 'plain' as kind");
  });
});
