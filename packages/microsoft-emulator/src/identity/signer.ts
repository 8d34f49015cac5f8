// Signs the emulator's JWTs (id tokens, access tokens) with an RSA key made at start-up and
// publishes the public half as a JWKS, so clients that do verify signatures can.
import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { newOpaqueToken } from "../ids.ts";

export interface JsonWebKeySet {
  keys: Array<Record<string, unknown>>;
}

export class TokenSigner {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  readonly keyId = newOpaqueToken(12);

  constructor() {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  sign(claims: Record<string, unknown>): string {
    const header = { typ: "JWT", alg: "RS256", kid: this.keyId };
    const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString("base64url");
    const unsigned = `${encode(header)}.${encode(claims)}`;
    const signature = createSign("RSA-SHA256").update(unsigned).sign(this.privateKey).toString("base64url");
    return `${unsigned}.${signature}`;
  }

  jwks(): JsonWebKeySet {
    const jwk = this.publicKey.export({ format: "jwk" });
    return { keys: [{ kty: "RSA", use: "sig", kid: this.keyId, x5t: this.keyId, n: jwk.n, e: jwk.e, alg: "RS256" }] };
  }
}
