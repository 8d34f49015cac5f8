// The embedded database as `npm start` opens it: its own page cache is kept small, since the
// operating system caches its files too and WebAssembly memory never shrinks (embedded/embeddedDb.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "../../../src/store/db.ts";

describe("the embedded database", () => {
  const dir = mkdtempSync(join(tmpdir(), "careroom-embedded-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs with a 32 MB page cache instead of PostgreSQL's 128 MB, and keeps what it wrote across a reopen", async () => {
    const first = await openDatabase({ dataDir: dir });
    const [settings] = await queryRows<{ shared_buffers: string; search_path: string }>(first.db, "select current_setting('shared_buffers') as shared_buffers, current_setting('search_path') as search_path");
    expect(settings).toEqual({ shared_buffers: "32MB", search_path: "public" });
    await queryRows(first.db, "create table kept (note text)");
    await queryRows(first.db, "insert into kept values ('still here')");
    await first.close();

    const second = await openDatabase({ dataDir: dir });
    expect(await queryRows(second.db, "select note from kept")).toEqual([{ note: "still here" }]);
    await second.close();
  });
});
