// Step 3: copy `name` into `displayName` for the rows written before version 1. `npm run db:backfill`
// walks the table by its primary key in batches, each its own short transaction (with a lock_timeout
// and a statement_timeout), records its cursor in the database, and resumes there if stopped.
// Version 1 keeps writing both columns meanwhile: the shorthand only fills rows whose "displayName"
// is still NULL, re-checked by PostgreSQL on each row it updates, so a concurrent write is never
// overwritten. The contract migration that drops "name" requires it (-- db-check:requires-backfill).
import { defineBackfill } from "@starter/migrate";

export default defineBackfill({
  table: "Author",
  keyset: ["id"],
  set: { displayName: "name" },
});
