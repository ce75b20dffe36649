-- db-check:phase contract
-- Release 4 (contract), step 1 of 2: the unique index of Subscription."userId", dropped
-- concurrently (writes continue) before the column, so that dropping the column (next migration)
-- holds its ACCESS EXCLUSIVE lock only for catalog changes. Release 3's code, which found a
-- subscription by it, is gone once the contract phase runs.
DROP INDEX CONCURRENTLY "Subscription_userId_key";
