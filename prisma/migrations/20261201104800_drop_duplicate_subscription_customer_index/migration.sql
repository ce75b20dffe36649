-- db-check:phase contract
-- A copy of the unique index "Subscription_stripeCustomerId_key".
DROP INDEX CONCURRENTLY "Subscription_stripeCustomerId_idx";
