-- Keyset pagination of an author's posts reads this index in order (lib/posts/posts.ts).
-- Built concurrently: writes to "Post" continue while it builds.
CREATE INDEX CONCURRENTLY "Post_authorId_createdAt_id_idx" ON "Post"("authorId", "createdAt", "id");
