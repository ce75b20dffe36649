// API keys: a recognisable prefix (so secret scanners and people can tell what leaked) and 256
// bits from the operating system's CSPRNG, base64url-encoded.
import { randomBytes } from "node:crypto";

export const API_KEY_PREFIX = "acme_sk_";
const SECRET_BYTES = 32;
const SECRET_LENGTH = 43; // base64url of 32 bytes, unpadded
const API_KEY_PATTERN = new RegExp(`^${API_KEY_PREFIX}[A-Za-z0-9_-]{${SECRET_LENGTH}}$`);

export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(SECRET_BYTES).toString("base64url")}`;
}

/** Cheap shape check, before any hashing or database work. */
export function looksLikeApiKey(value: string): boolean {
  return API_KEY_PATTERN.test(value);
}

/** What the dashboard shows: never the key, only enough to recognise it. */
export function displayParts(key: string) {
  return { prefix: API_KEY_PREFIX, lastFour: key.slice(-4) };
}

export function displayKey({ prefix, lastFour }: { prefix: string; lastFour: string }) {
  return `${prefix}…${lastFour}`;
}
