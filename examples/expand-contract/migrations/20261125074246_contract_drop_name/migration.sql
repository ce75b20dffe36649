/*
  Warnings:

  - You are about to drop the column `name` on the `Author` table. All the data in the column will be lost.

*/
-- AlterTable
-- db-check:phase contract
-- db-check:requires-backfill 20261125074245_copy_display_name
-- The contract step of the rename: since v3 no deployed version reads or writes "name", and its data
-- lives on in "displayName" (backfilled). The deploy applies it only after v3 is live, and only once
-- the backfill has finished on the database.
ALTER TABLE "Author" DROP COLUMN "name";
