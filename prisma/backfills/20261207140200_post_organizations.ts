// The move to organizations, release 2 (docs/schema-changes.md, "Worked example: moving to
// organizations"): every post written before release 1 gets the organization release 1 writes
// next to its "authorId" — that user's personal organization, which 20261207140000_personal_organizations
// (run before this one) gave every user. Walks "Post" by id. A non-null organizationId is never
// overwritten, so running it again changes nothing.
import { defineBackfill } from "@starter/migrate";

export default defineBackfill({
  table: "Post",
  keyset: ["id"],
  pending: `"organizationId" IS NULL`,
  async batch(tx, range) {
    const { rowCount } = await tx.query(
      `UPDATE "Post" SET "organizationId" = personal."organizationId"
       FROM (SELECT "id" AS "organizationId", "personalOwnerId" FROM "Organization") AS personal
       WHERE personal."personalOwnerId" = "Post"."authorId" AND ${range.where} AND "Post"."organizationId" IS NULL`,
      range.params,
    );
    // Every post has an owner with a personal organization once the backfill before this one finished:
    // one left without is that backfill not having run (e.g. --only this one), not something to skip.
    const { rows } = await tx.query<{ left: number }>(
      `SELECT count(*)::int AS "left" FROM "Post" WHERE ${range.where} AND "organizationId" IS NULL`,
      range.params,
    );
    if (rows[0]!.left > 0)
      throw new Error(`${rows[0]!.left} posts of this batch have an owner without a personal organization: run 20261207140000_personal_organizations first`);
    return rowCount ?? 0;
  },
});
