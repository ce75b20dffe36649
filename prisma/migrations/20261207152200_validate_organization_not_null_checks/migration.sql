-- db-check:phase contract
-- db-check:requires-backfill 20261207140000_personal_organizations
-- db-check:requires-backfill 20261207140100_api_key_organizations
-- db-check:requires-backfill 20261207140200_post_organizations
-- Step 2 of 3: the checks validated. VALIDATE CONSTRAINT scans each table under SHARE UPDATE
-- EXCLUSIVE, which lets reads and writes go on; in a migration of its own, so that the ACCESS
-- EXCLUSIVE lock of step 1 is not held during the scans. It fails on a row left without an
-- organization, which the backfills it requires have filled.
ALTER TABLE "Subscription" VALIDATE CONSTRAINT "Subscription_organizationId_not_null";

ALTER TABLE "ApiKey" VALIDATE CONSTRAINT "ApiKey_organizationId_not_null";

ALTER TABLE "Post" VALIDATE CONSTRAINT "Post_organizationId_not_null";
