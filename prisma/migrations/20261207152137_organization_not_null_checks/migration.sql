-- db-check:phase contract
-- db-check:requires-backfill 20261207140000_personal_organizations
-- db-check:requires-backfill 20261207140100_api_key_organizations
-- db-check:requires-backfill 20261207140200_post_organizations
-- Release 3 of the move to organizations: organizationId becomes NOT NULL on the three tables
-- without SET NOT NULL's scan under ACCESS EXCLUSIVE. Step 1 of 3: a CHECK added NOT VALID, which
-- checks new writes from now on and no existing row (a short ACCESS EXCLUSIVE lock, no scan). It
-- refuses a row without an organization, which only code from before release 1 writes: so it is a
-- contract migration, applied once the backfills gave every existing row its organization.
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_organizationId_not_null" CHECK ("organizationId" IS NOT NULL) NOT VALID;

ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_organizationId_not_null" CHECK ("organizationId" IS NOT NULL) NOT VALID;

ALTER TABLE "Post" ADD CONSTRAINT "Post_organizationId_not_null" CHECK ("organizationId" IS NOT NULL) NOT VALID;
