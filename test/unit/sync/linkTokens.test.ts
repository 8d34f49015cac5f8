/**
 * S-LINK-3: a link's access token, stored sealed beside its refresh token, serves any worker
 * that claims the link while it is fresh; Microsoft is asked for a new one only when it is
 * missing, stale, unreadable or refused.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { MicrosoftIdentity, TokenSet } from "../../../src/microsoft/identity.ts";
import { openAccessToken, sealAccessToken } from "../../../src/store/links/sealedAccessToken.ts";
import { encryptSecret, parseKeyring } from "../../../src/store/secretBox.ts";
import { createLinkTokens, type LinkTokenRow } from "../../../src/sync/linkTokens.ts";

const NOW = Date.parse("2026-12-04T12:00:00Z");
const MINUTE = 60_000;
const keyring = parseKeyring(`k1:${randomBytes(32).toString("base64")}`);
const otherKeyring = parseKeyring(`k9:${randomBytes(32).toString("base64")}`);

function setUp() {
  const clock = { now: NOW };
  const refreshed: string[] = [];
  const saved: Array<{ linkId: string; refreshTokenSealed: string; accessTokenSealed: string }> = [];
  let issued = 0;
  const identity: MicrosoftIdentity = {
    authorizeUrl: () => Promise.reject(new Error("not used")),
    redeemCode: () => Promise.reject(new Error("not used")),
    async refresh(refreshToken): Promise<TokenSet> {
      refreshed.push(refreshToken);
      issued++;
      return { accessToken: `fresh-${issued}`, expiresAtMs: NOW + 60 * MINUTE, refreshToken: `rotated-${issued}`, accountId: "a", username: "u" };
    },
  };
  const tokens = createLinkTokens({
    identity,
    keyring,
    saveTokens: async (linkId, sealed) => {
      saved.push({ linkId, ...sealed });
    },
    now: () => clock.now,
  });
  return { tokens, refreshed, saved, clock };
}

const row = (accessTokenSealed: string | null): LinkTokenRow => ({
  id: "link-1",
  refreshTokenSealed: encryptSecret(keyring, "refresh-0"),
  accessTokenSealed,
});
const stored = (accessToken: string, minutesLeft: number, ring = keyring) =>
  sealAccessToken(ring, { accessToken, expiresAtMs: NOW + minutesLeft * MINUTE });

describe("a claimed link's access token", () => {
  // stored access token, the token used, whether Microsoft was asked for a new one
  const table: Array<[string, string | null, string, boolean]> = [
    ["fresh in the row: used as it is", stored("stored", 50), "stored", false],
    ["none stored (a link made before tokens were kept): refreshed", null, "fresh-1", true],
    ["inside the early-refresh margin: refreshed", stored("stored", 4), "fresh-1", true],
    ["expired: refreshed", stored("stored", -1), "fresh-1", true],
    ["sealed under a key this worker lacks: refreshed", stored("stored", 50, otherKeyring), "fresh-1", true],
    ["not a sealed value: refreshed", "v1.garbage", "fresh-1", true],
  ];
  it.each(table)("%s", async (_name, accessTokenSealed, expected, asked) => {
    const { tokens, refreshed } = setUp();
    expect(await tokens.forLink(row(accessTokenSealed)).accessToken()).toBe(expected);
    expect(refreshed.length > 0).toBe(asked);
  });

  it("stores the rotated refresh token and the new access token, sealed, when it refreshes", async () => {
    const { tokens, saved } = setUp();
    await tokens.forLink(row(null)).accessToken();
    expect(saved).toHaveLength(1);
    expect(saved[0]!.refreshTokenSealed).not.toContain("rotated-1");
    expect(openAccessToken(keyring, saved[0]!.accessTokenSealed)).toEqual({ accessToken: "fresh-1", expiresAtMs: NOW + 60 * MINUTE });
  });

  it("never brings back a token Microsoft refused, even while the row still holds it", async () => {
    const { tokens, refreshed } = setUp();
    const source = tokens.forLink(row(stored("stored", 50)));
    expect(await source.accessToken()).toBe("stored");
    source.invalidate();
    // The next claim reads the same row before any refresh has been stored.
    expect(await tokens.forLink(row(stored("stored", 50))).accessToken()).toBe("fresh-1");
    expect(refreshed).toEqual(["refresh-0"]);
  });

  it("keeps its own fresh token, and takes the row's when its own has gone stale", async () => {
    const { tokens, refreshed, clock } = setUp();
    expect(await tokens.forLink(row(null)).accessToken()).toBe("fresh-1");
    expect(await tokens.forLink(row(stored("other-worker", 50))).accessToken()).toBe("fresh-1");
    // An hour on, ours is stale; another worker has stored a newer one meanwhile.
    clock.now = NOW + 58 * MINUTE;
    expect(await tokens.forLink(row(stored("other-worker", 110))).accessToken()).toBe("other-worker");
    expect(refreshed).toHaveLength(1);
  });
});
