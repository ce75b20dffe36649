-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "quantity" INTEGER;
