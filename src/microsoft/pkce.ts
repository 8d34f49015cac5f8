/** PKCE (RFC 7636) with S256: a random verifier kept on our side, its hash sent to Microsoft. */
import { createHash, randomBytes } from "node:crypto";

export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}
