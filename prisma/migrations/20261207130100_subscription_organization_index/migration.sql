-- One subscription per organization. Built concurrently: writes to "Subscription" continue while it builds
-- (the column is still NULL on every existing row, and NULLs never collide).
-- db-check:allow unique-on-existing-data reason: the column was added in the migration before this one, NULL on every row, and NULLs never collide.
CREATE UNIQUE INDEX CONCURRENTLY "Subscription_organizationId_key" ON "Subscription"("organizationId");
