/**
 * A run's organization: integration on, one administrator, and licensed hosts to link. The
 * hosts are made in one set-based statement, so a benchmark's thousands cost one round trip.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../store/db.ts";
import { organizations, orgOptions, userRoles, users } from "../../store/schema.ts";
import { hashPassword } from "../../store/users/passwords.ts";

export const CHAOS_PASSWORD = "chaos-password-1";

export interface ChaosPeople {
  orgId: string;
  admin: { id: string; email: string };
  hosts: Array<{ id: string; email: string; mailbox: string }>;
}

export async function seedChaosOrganization(db: Db, hostCount: number): Promise<ChaosPeople> {
  const passwordHash = await hashPassword(CHAOS_PASSWORD);
  return db.transaction(async (tx) => {
    const [org] = await tx.insert(organizations).values({ name: "Chaos Clinic", logoText: "Chaos" }).returning();
    if (!org) throw new Error("no organization row");
    await tx.insert(orgOptions).values({ orgId: org.id, integrationEnabled: true });
    const [admin] = await tx
      .insert(users)
      .values({ orgId: org.id, name: "Chaos Admin", email: "admin@chaos.test", passwordHash, licensed: false })
      .returning();
    if (!admin) throw new Error("no admin row");
    await tx.insert(userRoles).values({ userId: admin.id, role: "account_admin" });
    const hostRows = await queryRows<{ id: string; n: number }>(
      tx,
      sql`insert into users (org_id, name, email, password_hash, licensed)
          select ${org.id}, 'Host ' || n, 'host' || n || '@chaos.test', ${passwordHash}, true
            from generate_series(1, ${hostCount}::int) as n
          returning id, (regexp_match(email, '^host([0-9]+)@'))[1]::int as n`,
    );
    hostRows.sort((a, b) => a.n - b.n);
    return {
      orgId: org.id,
      admin: { id: admin.id, email: admin.email },
      hosts: hostRows.map((row) => ({ id: row.id, email: `host${row.n}@chaos.test`, mailbox: `chaos-${row.n}@outlook.test` })),
    };
  });
}
