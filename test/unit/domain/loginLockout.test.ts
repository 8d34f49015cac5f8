import { describe, expect, it } from "vitest";
import { afterFailure, isLocked, LOGIN_LOCKOUT, minutesLeft, NO_FAILURES, type LoginFailures } from "../../../src/domain/loginLockout.ts";

const now = new Date("2026-03-01T09:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);

describe("login lockout", () => {
  it("locks on the fifth failure in a row and counts from zero again", () => {
    let state: LoginFailures = NO_FAILURES;
    for (let failure = 1; failure < LOGIN_LOCKOUT.maxFailures; failure += 1) {
      state = afterFailure(state, now);
      expect(state).toEqual({ failedLogins: failure, lockedUntil: null });
      expect(isLocked(state, now)).toBe(false);
    }
    state = afterFailure(state, now);
    expect(state).toEqual({ failedLogins: 0, lockedUntil: later(15 * 60_000) });
    expect(isLocked(state, later(15 * 60_000 - 1))).toBe(true);
    expect(isLocked(state, later(15 * 60_000))).toBe(false);
  });

  it("says the minutes left, rounded up, never zero", () => {
    expect(minutesLeft(later(15 * 60_000), now)).toBe(15);
    expect(minutesLeft(later(60_001), now)).toBe(2);
    expect(minutesLeft(later(1), now)).toBe(1);
    expect(minutesLeft(now, now)).toBe(1);
  });
});
