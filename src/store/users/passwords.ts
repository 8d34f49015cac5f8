/**
 * Password hashing for the users table: argon2id (the library's default algorithm) with
 * its own salt per hash, and a verify that costs the same whether or not a user exists.
 */
import { hash, verify } from "@node-rs/argon2";

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let decoyHash: Promise<string> | undefined;

/**
 * Verifies against the stored hash, or against a decoy when there is no user, so the answer
 * takes as long for an unknown e-mail address as for a wrong password.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  decoyHash ??= hash("decoy password, never matches a user");
  const matches = await verify(storedHash ?? (await decoyHash), password);
  return storedHash !== null && matches;
}
