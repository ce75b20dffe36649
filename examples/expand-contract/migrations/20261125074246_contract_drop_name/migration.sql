/*
  Warnings:

  - You are about to drop the column `name` on the `Author` table. All the data in the column will be lost.

*/
-- AlterTable
ALTER TABLE "Author" DROP COLUMN "name";
