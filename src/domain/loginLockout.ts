/**
 * Brute-force protection for sign-in: after a few failed attempts in a row an e-mail address
 * waits a while before it may try again. One pure rule, used for accounts (kept in the
 * users table) and for addresses without an account (kept in memory), so both answer alike.
 */

export const LOGIN_LOCKOUT = {
  /** Failed sign-ins in a row that lock the address. */
  maxFailures: 5,
  /** How long a locked address waits. */
  lockMs: 15 * 60_000,
} as const;

export interface LoginFailures {
  /** Failed sign-ins in a row since the last success or the last lock. */
  failedLogins: number;
  lockedUntil: Date | null;
}

export const NO_FAILURES: LoginFailures = { failedLogins: 0, lockedUntil: null };

export function isLocked(state: LoginFailures, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** The state after one more failed attempt; reaching the limit locks and starts the count again. */
export function afterFailure(state: LoginFailures, now: Date): LoginFailures {
  const failedLogins = state.failedLogins + 1;
  if (failedLogins >= LOGIN_LOCKOUT.maxFailures) return { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOGIN_LOCKOUT.lockMs) };
  return { failedLogins, lockedUntil: null };
}

/** Whole minutes left, at least one, for the sentence "try again in N minutes". */
export function minutesLeft(lockedUntil: Date, now: Date): number {
  return Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
}
