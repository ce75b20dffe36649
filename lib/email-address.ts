// One person's address, however they type it: what counts sign-in attempts per address
// (lib/auth/sign-in-throttle.ts), remembers who had a free trial (lib/billing/trials.ts) and
// matches an invitation to who accepts it (lib/organizations/invitations.ts).

/** RFC 5321, 4.5.3.1: a local part holds at most 64 octets, a forward path 256 (254 for the address itself). */
export const MAX_EMAIL_LENGTH = 254;
export const MAX_LOCAL_PART_LENGTH = 64;

/** Whether no mailbox can have this address: longer than RFC 5321 allows, in all or before the @. */
export function exceedsEmailLengths(email: string): boolean {
  return email.length > MAX_EMAIL_LENGTH || email.slice(0, email.lastIndexOf("@")).length > MAX_LOCAL_PART_LENGTH;
}

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
