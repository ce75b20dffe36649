-- db-check:phase contract
-- "Post_authorId_createdAt_id_idx" starts with "authorId": it serves every query this one served.
DROP INDEX CONCURRENTLY "Post_authorId_idx";
