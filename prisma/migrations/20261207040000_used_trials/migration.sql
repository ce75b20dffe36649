-- One free trial per person, beyond the account: a SHA-256 of the canonical address of everyone
-- who had a trial, which deleting an account does not remove (lib/billing/trials.ts).
CREATE TABLE "UsedTrial" (
    "emailHash" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsedTrial_pkey" PRIMARY KEY ("emailHash")
);
