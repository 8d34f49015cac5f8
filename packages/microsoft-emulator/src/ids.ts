// Identifiers shaped like Microsoft's (opaque base64 item ids ending in "=", GUIDs, change keys),
// so clients meet the same characters (and the same need to URL-encode) as in production.
import { randomBytes, randomUUID } from "node:crypto";

export function newGuid(): string {
  return randomUUID();
}

/** An Exchange-style item id: base64 with the URL-unsafe characters swapped, padded with "=". */
export function newItemId(prefix: string): string {
  const body = randomBytes(45).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
  return `${prefix}${body}AAA=`;
}

export function newChangeKey(): string {
  return randomBytes(22).toString("base64");
}

export function newICalUId(): string {
  return `040000008200E00074C5B7101A82E00800000000${randomBytes(36).toString("hex").toUpperCase()}`;
}

export function newOpaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}
