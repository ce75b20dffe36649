-- The foreign keys added NOT VALID by …_organizations, validated: a scan that takes only a SHARE UPDATE
-- EXCLUSIVE lock, so reads and writes continue (every existing row is NULL here, so it finds nothing).
ALTER TABLE "Subscription" VALIDATE CONSTRAINT "Subscription_organizationId_fkey";

ALTER TABLE "ApiKey" VALIDATE CONSTRAINT "ApiKey_organizationId_fkey";

ALTER TABLE "Post" VALIDATE CONSTRAINT "Post_organizationId_fkey";
