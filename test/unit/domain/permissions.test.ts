import { describe, expect, it } from "vitest";
import { mayManageSession, maySchedule, type Actor } from "../../../src/domain/permissions.ts";
import type { Role, UserId } from "../../../src/domain/types.ts";

const id = (value: string) => value as UserId;
const actor = (roles: Role[], licensed: boolean): Actor => ({ id: id("me"), roles, licensed });

describe("maySchedule", () => {
  it.each<[string, Actor, string, boolean]>([
    ["a licensed user for themselves", actor([], true), "me", true],
    ["a licensed user for someone else", actor([], true), "other", false],
    ["an unlicensed user for themselves", actor([], false), "me", false],
    ["an unlicensed scheduler for someone else", actor(["scheduler"], false), "other", true],
    ["an administrator for someone else", actor(["account_admin"], true), "other", true],
  ])("%s → %s", (_label, who, hostId, allowed) => {
    expect(maySchedule(who, id(hostId))).toBe(allowed);
  });
});

describe("mayManageSession", () => {
  const session = { hostId: id("host"), createdBy: id("creator") };
  it.each<[string, Actor, boolean]>([
    ["the host", { id: id("host"), roles: [], licensed: true }, true],
    ["the creator", { id: id("creator"), roles: [], licensed: false }, true],
    ["a scheduler", actor(["scheduler"], false), true],
    ["an administrator", actor(["account_admin"], false), true],
    ["anyone else", actor([], true), false],
  ])("%s → %s", (_label, who, allowed) => {
    expect(mayManageSession(who, session)).toBe(allowed);
  });
});
