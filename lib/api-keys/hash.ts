import { createHash } from "node:crypto";

// SHA-256 is enough here: keys carry 256 bits of randomness, so they cannot be guessed from the
// hash (unlike passwords, which need a slow hash). It lets a key be found by an indexed lookup.
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
