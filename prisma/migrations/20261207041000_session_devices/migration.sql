-- The sessions list in settings: when each session started, on which browser, and when it was last used.
ALTER TABLE "Session" ADD COLUMN "createdAt" TIMESTAMP(3),
ADD COLUMN "userAgent" TEXT,
ADD COLUMN "lastSeenAt" TIMESTAMP(3);

-- Set after the column exists, so sessions from before keep an unknown start (null) instead of this migration's time.
ALTER TABLE "Session" ALTER COLUMN "createdAt" SET DEFAULT CURRENT_TIMESTAMP;
