-- AlterTable
ALTER TABLE "Author" ADD COLUMN     "displayName" TEXT;
