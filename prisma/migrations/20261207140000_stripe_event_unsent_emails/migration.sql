-- AlterTable
ALTER TABLE "StripeEvent" ADD COLUMN     "unsentEmails" JSONB;
