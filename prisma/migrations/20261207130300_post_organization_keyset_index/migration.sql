-- An organization's posts newest first, in keyset order, for when reads move to the organization
-- (release 3). Built concurrently: writes to "Post" continue while it builds.
CREATE INDEX CONCURRENTLY "Post_organizationId_createdAt_id_idx" ON "Post"("organizationId", "createdAt", "id");
