-- Where `npm run db:backfill` records each backfill's progress (@starter/migrate): its cursor moves in
-- the same transaction as each batch, so a killed run resumes after the last committed batch.
-- CreateTable
CREATE TABLE "_backfills" (
    "name" TEXT NOT NULL,
    "checksum" TEXT NOT NULL,
    "cursor" JSONB,
    "rows_done" BIGINT NOT NULL DEFAULT 0,
    "rows_walked" BIGINT NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "last_error" TEXT,

    CONSTRAINT "_backfills_pkey" PRIMARY KEY ("name")
);
