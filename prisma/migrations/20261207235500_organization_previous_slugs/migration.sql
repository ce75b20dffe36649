-- The slugs organizations had before a rename (expand): a new, empty table, so its index and
-- foreign key are made with it — nothing to scan, no lock anyone waits on.

-- CreateTable
CREATE TABLE "OrganizationPreviousSlug" (
    "slug" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrganizationPreviousSlug_pkey" PRIMARY KEY ("slug")
);

-- CreateIndex
CREATE INDEX "OrganizationPreviousSlug_organizationId_idx" ON "OrganizationPreviousSlug"("organizationId");

-- AddForeignKey
ALTER TABLE "OrganizationPreviousSlug" ADD CONSTRAINT "OrganizationPreviousSlug_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
