// Step 3: copy `name` into `displayName` for rows written before version 1, in small batches
// (each its own short transaction), so no long lock or long transaction ever holds the table.
// Version 1 keeps writing both columns meanwhile; `"displayName" IS NULL` is re-checked by
// PostgreSQL on each row it updates, so a concurrent write is never overwritten.
type Executor = {
  $queryRaw<T>(query: TemplateStringsArray, ...values: unknown[]): Promise<T>;
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): Promise<number>;
};

export async function backfillDisplayName(db: Executor, batchSize = 100): Promise<{ batches: number; updated: number }> {
  let after = 0;
  let batches = 0;
  let updated = 0;
  for (;;) {
    const ids = await db.$queryRaw<{ id: number }[]>`SELECT "id" FROM "Author" WHERE "id" > ${after} ORDER BY "id" LIMIT ${batchSize}`;
    if (ids.length === 0) return { batches, updated };
    const first = ids[0]!.id;
    after = ids.at(-1)!.id;
    updated += await db.$executeRaw`
      UPDATE "Author" SET "displayName" = "name"
      WHERE "id" BETWEEN ${first} AND ${after} AND "displayName" IS NULL AND "name" IS NOT NULL`;
    batches++;
  }
}
