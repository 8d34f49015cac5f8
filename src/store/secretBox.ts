/**
 * Encryption at rest for Microsoft's tokens (S-LINK-3): AES-256-GCM under a keyring whose
 * first key seals and whose older keys still open, so keys can be rotated without downtime.
 * Nothing thrown from here ever contains a plaintext or a key.
 */

import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from "node:crypto";

export interface Keyring {
  /** Seals every new secret. */
  readonly currentKeyId: string;
  /** KeyObjects, so neither logging nor JSON can print the key bytes. */
  readonly keys: ReadonlyMap<string, KeyObject>;
}

export type SecretBoxFailure = "bad_keyring" | "malformed" | "unknown_key" | "tampered";

export class SecretBoxError extends Error {
  readonly reason: SecretBoxFailure;

  constructor(reason: SecretBoxFailure, message: string) {
    super(message);
    this.name = "SecretBoxError";
    this.reason = reason;
  }
}

const VERSION = "v1";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// The key id is a segment of the sealed string, so it must not contain its separator.
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Reads `"k1:<base64 of 32 bytes>,k2:<base64>"`; the first key is the current one.
 * Error messages name the entry and its id, never what follows the colon.
 */
export function parseKeyring(env: string): Keyring {
  const parsed = env.trim() === "" ? [] : env.split(",").map((entry, index) => parseKeyEntry(entry.trim(), index + 1));
  const current = parsed[0];
  if (current === undefined) {
    throw new SecretBoxError("bad_keyring", 'The encryption keyring is empty: expected "k1:<base64 of 32 bytes>".');
  }
  const keys = new Map<string, KeyObject>();
  for (const [id, key] of parsed) {
    if (keys.has(id)) throw new SecretBoxError("bad_keyring", `Encryption key id "${id}" appears twice in the keyring.`);
    keys.set(id, key);
  }
  return { currentKeyId: current[0], keys };
}

function parseKeyEntry(entry: string, position: number): [string, KeyObject] {
  const colon = entry.indexOf(":");
  if (colon === -1) {
    throw new SecretBoxError("bad_keyring", `Encryption key ${position} must look like "<id>:<base64 of 32 bytes>".`);
  }
  const id = entry.slice(0, colon).trim();
  const encoded = entry.slice(colon + 1).trim();
  if (!KEY_ID.test(id)) {
    throw new SecretBoxError("bad_keyring", `Encryption key ${position} needs an id of 1 to 32 letters, digits, "-" or "_".`);
  }
  const bytes = BASE64.test(encoded) ? Buffer.from(encoded, "base64") : undefined;
  if (bytes?.length !== KEY_BYTES) {
    throw new SecretBoxError("bad_keyring", `Encryption key "${id}" must be exactly ${KEY_BYTES} bytes written in base64.`);
  }
  return [id, createSecretKey(bytes)];
}

/** Seals with the current key and a fresh random IV: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url). */
export function encryptSecret(keyring: Keyring, plaintext: string): string {
  const keyId = keyring.currentKeyId;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFor(keyring, keyId), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(headerOf(keyId));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, keyId, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function decryptSecret(keyring: Keyring, sealed: string): string {
  const { keyId, iv, tag, ciphertext } = unseal(sealed);
  const decipher = createDecipheriv("aes-256-gcm", keyFor(keyring, keyId), iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(headerOf(keyId));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    // Node's own error says no more, but it is dropped so no future version can say more.
    throw new SecretBoxError("tampered", `A stored secret sealed with key "${keyId}" failed its integrity check: it was altered or the key is wrong.`);
  }
}

/** True when the secret was sealed with an older key and should be sealed again with the current one. */
export function needsRotation(keyring: Keyring, sealed: string): boolean {
  return unseal(sealed).keyId !== keyring.currentKeyId;
}

/**
 * Binding the version and key id into the authentication tag means a sealed secret
 * cannot be relabelled to another key or format without failing its check.
 */
function headerOf(keyId: string): Buffer {
  return Buffer.from(`${VERSION}.${keyId}`, "utf8");
}

function keyFor(keyring: Keyring, keyId: string): KeyObject {
  const key = keyring.keys.get(keyId);
  if (key === undefined) {
    throw new SecretBoxError("unknown_key", `A stored secret was sealed with key "${keyId}", which is not in the keyring. Add that key back, after the current one.`);
  }
  return key;
}

interface Unsealed {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function unseal(sealed: string): Unsealed {
  const parts = sealed.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) throw malformed("it is not in the v1 format");
  const [, keyId = "", iv = "", tag = "", ciphertext = ""] = parts;
  if (!KEY_ID.test(keyId)) throw malformed("its key id is invalid");
  if (![iv, tag, ciphertext].every((part) => BASE64URL.test(part))) throw malformed("it is not base64url");
  const unsealed = { keyId, iv: Buffer.from(iv, "base64url"), tag: Buffer.from(tag, "base64url"), ciphertext: Buffer.from(ciphertext, "base64url") };
  if (unsealed.iv.length !== IV_BYTES || unsealed.tag.length !== TAG_BYTES) throw malformed("its IV or tag has the wrong length");
  return unsealed;
}

function malformed(why: string): SecretBoxError {
  return new SecretBoxError("malformed", `A stored secret can't be read: ${why}.`);
}
