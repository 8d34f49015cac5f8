import { describe, expect, it } from "vitest";
import { usersLosingIntegration, type LinkedUserSwitches } from "../../../src/domain/integrationChange.ts";

const user = (userId: string, overrides: Partial<LinkedUserSwitches> = {}): LinkedUserSwitches => ({
  userId,
  licensed: true,
  active: true,
  userValue: null,
  adminValue: null,
  ...overrides,
});

describe("usersLosingIntegration", () => {
  const linked = [
    user("follows-org"),
    user("admin-says-yes", { adminValue: true }),
    user("own-yes", { userValue: true }),
    user("unlicensed", { licensed: false, adminValue: true }),
  ];

  it("turning the organization off ends every link without an overriding yes", () => {
    expect(usersLosingIntegration({ orgEnabled: false, overrideAllowed: true }, linked)).toEqual(["follows-org", "unlicensed"]);
  });

  it("a user's own yes stops counting when overriding is turned off", () => {
    expect(usersLosingIntegration({ orgEnabled: false, overrideAllowed: false }, linked)).toEqual(["follows-org", "own-yes", "unlicensed"]);
  });

  it("with the organization on only the ineligible lose it", () => {
    expect(usersLosingIntegration({ orgEnabled: true, overrideAllowed: false }, linked)).toEqual(["unlicensed"]);
  });
});
