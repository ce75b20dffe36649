-- The naive way: `prisma migrate dev --create-only` after renaming the field, then this edit.
-- Every running instance of the previous version still selects "name", and fails from this moment.
ALTER TABLE "Author" RENAME COLUMN "name" TO "displayName";
