import { describe, expect, it } from "vitest";
import { API_KEY_PREFIX, displayKey, displayParts, generateApiKey, looksLikeApiKey } from "@/lib/api-keys/generate";
import { hashApiKey } from "@/lib/api-keys/hash";

describe("generateApiKey", () => {
  it("is the recognisable prefix followed by 256 random bits, base64url", () => {
    const key = generateApiKey();
    expect(key).toMatch(/^acme_sk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(API_KEY_PREFIX.length), "base64url")).toHaveLength(32);
    expect(looksLikeApiKey(key)).toBe(true);
  });

  it("never repeats, and its characters look uniformly random", () => {
    const keys = Array.from({ length: 20_000 }, generateApiKey);
    expect(new Set(keys).size).toBe(keys.length);
    // Every bit position of the secret is set in about half of the keys.
    const secrets = keys.map((key) => Buffer.from(key.slice(API_KEY_PREFIX.length), "base64url"));
    for (let bit = 0; bit < 256; bit++) {
      const set = secrets.filter((bytes) => (bytes[bit >> 3]! >> (bit & 7)) & 1).length / secrets.length;
      expect(set, `bit ${bit}`).toBeGreaterThan(0.45);
      expect(set, `bit ${bit}`).toBeLessThan(0.55);
    }
  });

  it.each(["", "acme_sk_", "acme_sk_short", `sk_live_${"a".repeat(43)}`, `acme_sk_${"a".repeat(44)}`, `acme_sk_${"!".repeat(43)}`])(
    "rejects %j by shape",
    (value) => {
      expect(looksLikeApiKey(value)).toBe(false);
    },
  );

  it("displays only the prefix and the last four characters", () => {
    const key = generateApiKey();
    expect(displayKey(displayParts(key))).toBe(`acme_sk_…${key.slice(-4)}`);
  });

  it("hashes with SHA-256 (hex)", () => {
    expect(hashApiKey("acme_sk_x")).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey("acme_sk_x")).toBe(hashApiKey("acme_sk_x"));
    expect(hashApiKey("acme_sk_x")).not.toBe(hashApiKey("acme_sk_y"));
  });
});
