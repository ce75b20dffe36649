import { z } from "zod";

/**
 * Text that can be stored: PostgreSQL's text type cannot hold the NUL character (U+0000), so
 * input carrying one is refused here with a message instead of failing in the database.
 */
export function storableText(typeError?: string) {
  return z.string(typeError ? { error: typeError } : undefined).refine((value) => !value.includes("\u0000"), "Must not contain NUL (U+0000) characters.");
}
