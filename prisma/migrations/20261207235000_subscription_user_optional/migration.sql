-- Release 4 of the move to organizations (expand). Release 4's code no longer knows
-- Subscription.userId (schema.prisma has no such field), so the subscriptions it creates (sign-up,
-- the seed's team) give it no value; release 3's code, still serving until the drain ends, still
-- writes it. The column may be NULL from now on; the contract phase drops it.
-- db-check:allow drop-not-null reason: every row release 3 (and any release before) wrote keeps its userId; only the subscriptions release 4 creates hold NULL, which release 3 meets only for someone who signed up on release 4 while release 3 still serves (docs/schema-changes.md, release 4).
ALTER TABLE "Subscription" ALTER COLUMN "userId" DROP NOT NULL;
