-- db-check:phase contract
-- db-check:requires-backfill 20261207140000_personal_organizations
-- db-check:requires-backfill 20261207140100_api_key_organizations
-- db-check:requires-backfill 20261207140200_post_organizations
-- Step 3 of 3: SET NOT NULL, which PostgreSQL (12+) proves from the validated check instead of
-- scanning the table: each ACCESS EXCLUSIVE lock is brief. Then the checks, now redundant, dropped
-- (instant). What schema.prisma says: organizationId required on the three.
ALTER TABLE "Subscription" ALTER COLUMN "organizationId" SET NOT NULL;

ALTER TABLE "ApiKey" ALTER COLUMN "organizationId" SET NOT NULL;

ALTER TABLE "Post" ALTER COLUMN "organizationId" SET NOT NULL;

ALTER TABLE "Subscription" DROP CONSTRAINT "Subscription_organizationId_not_null";

ALTER TABLE "ApiKey" DROP CONSTRAINT "ApiKey_organizationId_not_null";

ALTER TABLE "Post" DROP CONSTRAINT "Post_organizationId_not_null";
