import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { queryRows, type Database } from "../../../src/store/db.ts";
import { organizations, auditLog } from "../../../src/store/schema.ts";
import { createTestDatabase } from "../../support/database.ts";

describe("migrations", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it("create every table", async () => {
    const rows = await queryRows<{ table_name: string }>(
      database.db,
      "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
    );
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(["organizations", "users", "sessions", "calendar_links", "mirror_items", "audit_log"]),
    );
  });

  it("refuse a branding colour that is not a hex colour", async () => {
    await expect(
      database.db.insert(organizations).values({ name: "X", logoText: "X", primaryColor: "red" }),
    ).rejects.toThrow();
  });

  it("keep the audit log append-only", async () => {
    const [org] = await database.db.insert(organizations).values({ name: "Audit", logoText: "A" }).returning();
    await database.db.insert(auditLog).values({ orgId: org!.id, kind: "test" });
    await expect(database.db.update(auditLog).set({ kind: "changed" })).rejects.toThrow();
    await expect(database.db.delete(auditLog)).rejects.toThrow();
    const rows = await database.db.select().from(auditLog).where(eq(auditLog.orgId, org!.id));
    expect(rows.map((r) => r.kind)).toEqual(["test"]);
  });
});
