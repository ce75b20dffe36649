/*
  Warnings:

  - You are about to drop the column `name` on the `Author` table. All the data in the column will be lost.

*/
-- AlterTable
-- db-check:phase contract
-- The contract step of the rename: since v3 no deployed version reads or writes "name", and its data
-- lives on in "displayName" (backfilled). The deploy applies it only after v3 is live.
ALTER TABLE "Author" DROP COLUMN "name";
