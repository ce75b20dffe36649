-- Release 4 (expand): posts by author, for the foreign key alone. "authorId" stays (who wrote the
-- post) with ON DELETE CASCADE, so deleting a user looks up their posts by it; the keyset index
-- ("authorId", "createdAt", "id") that served that until now is dropped in the contract phase, as
-- nothing reads an author's posts in order any more. A plain index on one column is smaller (its
-- equal keys are deduplicated) and is what the cascade needs. Built concurrently: writes to "Post"
-- continue while it builds.
CREATE INDEX CONCURRENTLY "Post_authorId_idx" ON "Post"("authorId");
