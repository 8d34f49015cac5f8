/**
 * Failed sign-ins of e-mail addresses that have no account. They lock exactly like an
 * account does, so the answers never tell whether an address has one. Kept in memory (there
 * is no row to keep them in), bounded so a flood of invented addresses cannot fill it.
 */
import { afterFailure, NO_FAILURES, type LoginFailures } from "../domain/loginLockout.ts";

const MAX_TRACKED = 10_000;

export interface UnknownAddressFailures {
  get(address: string): LoginFailures;
  recordFailure(address: string, now: Date): LoginFailures;
}

export function createUnknownAddressFailures(maxTracked = MAX_TRACKED): UnknownAddressFailures {
  // A Map iterates in insertion order: re-inserting on every failure keeps the oldest first.
  const failures = new Map<string, LoginFailures>();
  return {
    get: (address) => failures.get(address.toLowerCase()) ?? NO_FAILURES,
    recordFailure(address, now) {
      const key = address.toLowerCase();
      const next = afterFailure(failures.get(key) ?? NO_FAILURES, now);
      failures.delete(key);
      failures.set(key, next);
      if (failures.size > maxTracked) {
        const oldest = failures.keys().next();
        if (oldest.done !== true) failures.delete(oldest.value);
      }
      return next;
    },
  };
}
