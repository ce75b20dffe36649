import { z } from "zod";

// Shared input rules: what PostgreSQL can store and what ids and cursors look like, so hostile
// input is answered with a 4xx here instead of failing in the database (22021, 22008…) as a 500.

/**
 * Text that can be stored: PostgreSQL's text type cannot hold the NUL character (U+0000), so
 * input carrying one is refused here with a message instead of failing in the database.
 */
export function storableText(typeError?: string) {
  return z.string(typeError ? { error: typeError } : undefined).refine((value) => !value.includes("\u0000"), "Must not contain NUL (U+0000) characters.");
}

/**
 * The id of a row, from a path, a form or a cursor. The app's ids are cuids; any opaque id of
 * ASCII letters, digits, `_` and `-` passes, so NUL, control characters, non-ASCII, `/` and `..`
 * never reach a query.
 */
export function recordId() {
  return z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Not a valid id.");
}

/**
 * An instant from untrusted input (a cursor; any date a feature accepts), as a Date: ISO 8601 in
 * UTC from 0001-01-01 to 9999-12-31. PostgreSQL's timestamps span 4713 BC – 294276 AD, but the
 * driver sends a Date as ISO text, which PostgreSQL refuses for year 0000 (its calendar has no
 * year 0) and which JavaScript writes with a six-digit year outside 0000–9999: such a date would
 * fail in the database (22008) as a 500. Every date that reaches a query goes through here.
 */
export function storableInstant() {
  return z.iso
    .datetime()
    .transform((value) => new Date(value))
    .refine((date) => !Number.isNaN(date.getTime()), "Not a valid date.")
    .refine((date) => date >= EARLIEST_STORABLE_INSTANT, "Use a date from 0001-01-01 to 9999-12-31.");
}

const EARLIEST_STORABLE_INSTANT = new Date("0001-01-01T00:00:00.000Z");

/** The `[id]` of a route or page: a record id, checked before it reaches a query. */
export const idParamsSchema = z.object({ id: recordId() });

/** A whole number PostgreSQL's integer column can hold (−2³¹ to 2³¹ − 1), so a larger one is a 4xx, not a 500. */
export function storableInt(message = "Enter a whole number.") {
  return z
    .number({ error: message })
    .int(message)
    .min(-2_147_483_648, "Use a number from -2,147,483,648 to 2,147,483,647.")
    .max(2_147_483_647, "Use a number from -2,147,483,648 to 2,147,483,647.");
}
