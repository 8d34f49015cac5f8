/** The chaos run's organization: integration on, one administrator, and licensed hosts to link. */
import type { Db } from "../../store/db.ts";
import { organizations, orgOptions, userRoles, users } from "../../store/schema.ts";
import { hashPassword } from "../../store/users/passwords.ts";

export const CHAOS_PASSWORD = "chaos-password-1";

export interface ChaosPeople {
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
    const hostRows = await tx
      .insert(users)
      .values(
        Array.from({ length: hostCount }, (_, i) => ({
          orgId: org.id,
          name: `Host ${i + 1}`,
          email: `host${i + 1}@chaos.test`,
          passwordHash,
          licensed: true,
        })),
      )
      .returning();
    return {
      admin: { id: admin.id, email: admin.email },
      hosts: hostRows.map((row, i) => ({ id: row.id, email: row.email, mailbox: `chaos-${i + 1}@outlook.test` })),
    };
  });
}
