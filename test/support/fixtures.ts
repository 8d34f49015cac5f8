/**
 * Two organizations with one user of each kind, for authorization tests: whatever one
 * organization's users do, the other's data must stay out of reach.
 */
import type { Db } from "../../src/store/db.ts";
import { organizations, orgOptions, userRoles, users } from "../../src/store/schema.ts";
import { hashPassword } from "../../src/store/users/passwords.ts";
import type { Role } from "../../src/domain/types.ts";

export const FIXTURE_PASSWORD = "correct horse battery staple";

export interface FixtureUser {
  id: string;
  email: string;
  name: string;
}

export interface OrgFixture {
  orgId: string;
  admin: FixtureUser;
  licensed: FixtureUser;
  scheduler: FixtureUser;
  unlicensed: FixtureUser;
}

const KINDS: { kind: keyof Omit<OrgFixture, "orgId">; licensed: boolean; roles: Role[] }[] = [
  { kind: "admin", licensed: true, roles: ["account_admin"] },
  { kind: "licensed", licensed: true, roles: [] },
  { kind: "scheduler", licensed: false, roles: ["scheduler"] },
  { kind: "unlicensed", licensed: false, roles: [] },
];

export async function createTwoOrganizations(db: Db): Promise<[OrgFixture, OrgFixture]> {
  const passwordHash = await hashPassword(FIXTURE_PASSWORD);
  const create = async (label: string): Promise<OrgFixture> => {
    const [org] = await db.insert(organizations).values({ name: `Clinic ${label}`, logoText: label }).returning();
    if (org === undefined) throw new Error("no organization row");
    await db.insert(orgOptions).values({ orgId: org.id });
    const fixture: Partial<OrgFixture> = { orgId: org.id };
    for (const { kind, licensed, roles } of KINDS) {
      const email = `${kind}.${label.toLowerCase()}@fixture.test`;
      const name = `${kind} ${label}`;
      const [user] = await db
        .insert(users)
        .values({ orgId: org.id, name, email, passwordHash, licensed, timeZone: "Europe/London" })
        .returning();
      if (user === undefined) throw new Error("no user row");
      if (roles.length > 0) await db.insert(userRoles).values(roles.map((role) => ({ userId: user.id, role })));
      fixture[kind] = { id: user.id, email, name };
    }
    return fixture as OrgFixture;
  };
  return [await create("A"), await create("B")];
}
