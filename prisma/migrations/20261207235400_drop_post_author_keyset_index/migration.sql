-- db-check:phase contract
-- Release 4 (contract): an author's posts in keyset order were read by the code before release 3;
-- release 3 and 4 read an organization's ("Post_organizationId_createdAt_id_idx"). The foreign key
-- on "authorId" is served by "Post_authorId_idx" (release 4's expand phase). Dropped concurrently:
-- reads and writes continue.
DROP INDEX CONCURRENTLY "Post_authorId_createdAt_id_idx";
