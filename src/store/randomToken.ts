/** Unguessable tokens (sign-in, CSRF, join links): 32 random bytes, base64url. */
import { randomBytes } from "node:crypto";

export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}
