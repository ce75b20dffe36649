-- An organization's keys (and the foreign key's cascade). Built concurrently: writes to "ApiKey" continue.
CREATE INDEX CONCURRENTLY "ApiKey_organizationId_idx" ON "ApiKey"("organizationId");
