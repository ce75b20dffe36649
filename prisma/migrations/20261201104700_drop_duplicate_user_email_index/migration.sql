-- db-check:phase contract
-- A copy of the unique index "User_email_key": same column, same order, only slower writes.
DROP INDEX CONCURRENTLY "User_email_idx";
