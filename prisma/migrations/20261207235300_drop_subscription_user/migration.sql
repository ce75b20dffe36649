-- db-check:phase contract
-- db-check:requires-backfill 20261207140000_personal_organizations
-- db-check:requires-backfill 20261207140100_api_key_organizations
-- db-check:requires-backfill 20261207140200_post_organizations
-- Release 4 (contract), step 2 of 2: Subscription."userId" dropped — the subscription belongs to
-- its organization only. A subscription the backfills have not reached would lose the one link to
-- its owner, so this applies only once they have finished. The foreign key first (a brief lock on
-- "User" and "Subscription"), then the column: no rewrite, a brief ACCESS EXCLUSIVE lock.
ALTER TABLE "Subscription" DROP CONSTRAINT "Subscription_userId_fkey";

ALTER TABLE "Subscription" DROP COLUMN "userId";
