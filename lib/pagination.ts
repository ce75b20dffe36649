// Keyset pagination, shared by every feature's list: newest first by (createdAt, id), a page of
// `limit` rows plus one to know whether another page follows, and an opaque cursor that names the
// last row. A cursor is client input like any other, so its date and id are checked before they
// reach a query; a bad one is an InvalidCursorError, which the API answers 400 and a dashboard
// action shows as a message.
import { z } from "zod";
import { InvalidInputError } from "@/lib/errors";
import { recordId, storableInstant } from "@/lib/validation";

export class InvalidCursorError extends InvalidInputError {
  override name = "InvalidCursorError";

  constructor() {
    super("cursor", "The cursor is not valid: use the nextCursor of a previous page.");
  }
}

export type KeysetRow = { id: string; createdAt: Date };

/** The query string every list accepts: a page size and the cursor of the page before. */
export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export type PageQuery = { limit: number; cursor?: string | undefined };

/** A page of `item` as the API answers it: the rows, and the cursor of the next page (null on the last). */
export function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

/** The Prisma `where` and `orderBy` for the page after `cursor` (the first page without one). */
export function keysetQuery(cursor: string | undefined) {
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  return {
    where: after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {},
    orderBy: [{ createdAt: "desc" as const }, { id: "desc" as const }],
  };
}

/** Splits the `limit + 1` rows a keyset query fetched into the page and the cursor of the next one. */
export function keysetPage<Row extends KeysetRow>(rows: Row[], limit: number): { page: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

function encodeCursor(row: KeysetRow) {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

// What encodeCursor writes.
const cursorSchema = z.tuple([storableInstant(), recordId()]);

function decodeCursor(cursor: string): KeysetRow {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  const parsed = cursorSchema.safeParse(decoded);
  if (!parsed.success) throw new InvalidCursorError();
  const [createdAt, id] = parsed.data;
  return { createdAt, id };
}
