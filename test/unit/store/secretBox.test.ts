import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SecretBoxError, decryptSecret, encryptSecret, needsRotation, parseKeyring, type Keyring, type SecretBoxFailure } from "../../../src/store/secretBox.ts";

const KEY_A = Buffer.alloc(32, 0xa1).toString("base64");
const KEY_B = Buffer.alloc(32, 0xb2).toString("base64");
const KEY_C = randomBytes(32).toString("base64");
const ALL_KEYS = [KEY_A, KEY_B, KEY_C];
const TOKEN = "M.C507_BAY.0.U.-CgD!refresh*token$with~odd&chars";

/** Everything an error could show: message, stack, serialised and inspected forms. */
function everythingShownBy(error: unknown): string {
  return [error instanceof Error ? `${error.message}\n${error.stack}` : "", JSON.stringify(error), inspect(error, { depth: 5 })].join("\n");
}

function failureOf(run: () => unknown): SecretBoxError {
  try {
    run();
  } catch (error) {
    if (error instanceof SecretBoxError) return error;
    throw error;
  }
  throw new Error("expected a SecretBoxError");
}

/** Changes the first character of one dot-separated part; a base64url first character carries 6 whole bits. */
function alterPart(sealed: string, index: number): string {
  const parts = sealed.split(".");
  const part = parts[index] ?? "";
  parts[index] = (part.startsWith("A") ? "g" : "A") + part.slice(1);
  return parts.join(".");
}

describe("parseKeyring", () => {
  it("takes the first key as the current one", () => {
    const keyring = parseKeyring(`k2:${KEY_B}, k1:${KEY_A}`);
    expect(keyring.currentKeyId).toBe("k2");
    expect([...keyring.keys.keys()]).toEqual(["k2", "k1"]);
  });

  it("never prints a key when logged or serialised", () => {
    const keyring = parseKeyring(`k1:${KEY_C}`);
    const shown = `${JSON.stringify(keyring)}\n${inspect(keyring, { depth: 10, showHidden: true })}`;
    expect(shown).not.toContain(KEY_C);
    expect(shown).not.toContain(Buffer.from(KEY_C, "base64").toString("hex"));
  });

  // prettier-ignore
  const bad: Array<[label: string, env: string, message: RegExp]> = [
    ["empty",                   "",                               /empty/],
    ["blank",                   "  ",                             /empty/],
    ["no colon",                KEY_A,                            /key 1 must look like/],
    ["no id",                   `:${KEY_A}`,                      /key 1 needs an id/],
    ["an id with a dot",        `k.1:${KEY_A}`,                   /key 1 needs an id/],
    ["no key",                  "k1:",                            /"k1" must be exactly 32 bytes/],
    ["16 bytes",                `k1:${Buffer.alloc(16).toString("base64")}`, /"k1" must be exactly 32 bytes/],
    ["33 bytes",                `k1:${Buffer.alloc(33).toString("base64")}`, /"k1" must be exactly 32 bytes/],
    ["not base64",              `k1:${KEY_C.slice(0, 40)}!!!=`,   /"k1" must be exactly 32 bytes/],
    ["hex instead of base64",   `k1:${Buffer.alloc(32, 7).toString("hex")}`, /"k1" must be exactly 32 bytes/],
    ["a trailing comma",        `k1:${KEY_A},`,                   /key 2 must look like/],
    ["a bad second key",        `k1:${KEY_A},k2:${KEY_C.slice(4)}`, /"k2" must be exactly 32 bytes/],
    ["the same id twice",       `k1:${KEY_A},k1:${KEY_C}`,        /"k1" appears twice/],
  ];
  it.each(bad)("rejects %s clearly, without echoing key material", (_label, env, message) => {
    const error = failureOf(() => parseKeyring(env));
    expect(error.reason).toBe("bad_keyring");
    expect(error.message).toMatch(message);
    const shown = everythingShownBy(error);
    for (const key of ALL_KEYS) expect(shown).not.toContain(key.slice(4, 24));
  });
});

describe("encryptSecret and decryptSecret", () => {
  const keyring = parseKeyring(`k1:${KEY_A}`);

  it.each(["", "a", TOKEN, "pâté 🙂 ومحمد", "x".repeat(8192)])("round-trips %#", (plaintext) => {
    expect(decryptSecret(keyring, encryptSecret(keyring, plaintext))).toBe(plaintext);
  });

  it("writes v1.<keyId>.<iv>.<tag>.<ciphertext> in base64url, with a 12-byte IV and a 16-byte tag", () => {
    expect(encryptSecret(keyring, TOKEN)).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
  });

  it("uses a fresh IV every time", () => {
    const sealed = new Set(Array.from({ length: 20 }, () => encryptSecret(keyring, TOKEN)));
    const ivs = new Set([...sealed].map((s) => s.split(".")[2]));
    expect(sealed.size).toBe(20);
    expect(ivs.size).toBe(20);
  });

  it("never lets the plaintext, or a mere encoding of it, show in the sealed string", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 200, unit: "grapheme" }), (plaintext) => {
        const sealed = encryptSecret(keyring, plaintext);
        for (const encoding of ["utf8", "base64", "base64url", "hex"] as const) {
          const shown = encoding === "utf8" ? plaintext : Buffer.from(plaintext, "utf8").toString(encoding).slice(0, 12);
          expect(sealed).not.toContain(shown);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("decryptSecret refuses what it cannot trust", () => {
  const keyring = parseKeyring(`k1:${KEY_A},k2:${KEY_B}`);
  const sealed = encryptSecret(keyring, TOKEN);

  // prettier-ignore
  const table: Array<[label: string, input: string, reason: SecretBoxFailure]> = [
    ["an altered IV",              alterPart(sealed, 2),                        "tampered"],
    ["an altered tag",             alterPart(sealed, 3),                        "tampered"],
    ["an altered ciphertext",      alterPart(sealed, 4),                        "tampered"],
    ["a shortened ciphertext",     sealed.slice(0, -2),                         "tampered"],
    ["a relabelled key id",        sealed.replace(".k1.", ".k2."),              "tampered"],
    ["a key id not in the keyring", sealed.replace(".k1.", ".k9."),             "unknown_key"],
    ["another version",            sealed.replace(/^v1/, "v2"),                 "malformed"],
    ["a missing part",             sealed.split(".").slice(0, 4).join("."),     "malformed"],
    ["an extra part",              `${sealed}.AAAA`,                            "malformed"],
    ["a cut IV",                   sealed.replace(/^(v1\.k1\.)[^.]{4}/, "$1"),  "malformed"],
    ["characters outside base64url", sealed.replace(/\.([^.]*)$/, ".+/=$1"),    "malformed"],
    ["the plaintext itself",       TOKEN,                                       "malformed"],
    ["nothing",                    "",                                          "malformed"],
  ];
  it.each(table)("%s", (_label, input, reason) => {
    const error = failureOf(() => decryptSecret(keyring, input));
    expect(error.reason).toBe(reason);
    const shown = everythingShownBy(error);
    expect(shown).not.toContain(TOKEN);
    expect(shown).not.toContain("refresh*token");
    for (const key of ALL_KEYS) expect(shown).not.toContain(key.slice(4, 24));
  });

  it("refuses a key with the right id but the wrong bytes", () => {
    const impostor = parseKeyring(`k1:${KEY_C}`);
    expect(failureOf(() => decryptSecret(impostor, sealed)).reason).toBe("tampered");
  });
});

describe("key rotation", () => {
  const before: Keyring = parseKeyring(`k1:${KEY_A}`);
  const during: Keyring = parseKeyring(`k2:${KEY_B},k1:${KEY_A}`);
  const after: Keyring = parseKeyring(`k2:${KEY_B}`);
  const old = encryptSecret(before, TOKEN);

  it("opens secrets sealed with an older key and says they need sealing again", () => {
    expect(decryptSecret(during, old)).toBe(TOKEN);
    expect(needsRotation(during, old)).toBe(true);
    expect(needsRotation(before, old)).toBe(false);
  });

  it("seals again with the current key, which the next keyring alone can open", () => {
    const resealed = encryptSecret(during, decryptSecret(during, old));
    expect(resealed.split(".")[1]).toBe("k2");
    expect(needsRotation(during, resealed)).toBe(false);
    expect(decryptSecret(after, resealed)).toBe(TOKEN);
    expect(failureOf(() => decryptSecret(after, old)).reason).toBe("unknown_key");
  });

  it("refuses to judge a string that is not a sealed secret", () => {
    expect(failureOf(() => needsRotation(during, TOKEN)).reason).toBe("malformed");
  });
});
