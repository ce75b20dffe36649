// One person's address, however they type it: what counts sign-in attempts per address
// (lib/auth/sign-in-throttle.ts) and remembers who had a free trial (lib/billing/trials.ts).

/**
 * The address as a mailbox receives it: trimmed and lowercased as next-auth does, and without a
 * `+tag`, which most providers deliver to the same inbox. Undefined when it is no address at all.
 */
export function canonicalEmail(raw: string | null | undefined): string | undefined {
  const email = raw?.normalize("NFKC").trim().toLowerCase();
  const match = email ? /^([^@\s]+)@([^@\s,]+)/.exec(email) : null;
  if (!match) return undefined;
  return `${match[1]!.replace(/\+.*$/, "")}@${match[2]}`;
}
