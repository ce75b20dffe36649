-- One free trial per user, ever: when theirs started (null: never had one).
ALTER TABLE "User" ADD COLUMN "trialStartedAt" TIMESTAMP(3);
