-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "actorName" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "details" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditEvent_organizationId_createdAt_id_idx" ON "AuditEvent"("organizationId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_createdAt_idx" ON "AuditEvent"("createdAt");

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The audit log is append-only (lib/audit-log), and the database holds the line for every path in,
-- raw SQL included: an UPDATE fails, and so does a DELETE, except
-- - the maintenance job's pruning of old events (lib/maintenance), which turns on
--   starter.audit_log_pruning for its own transaction (SET LOCAL, set_config(…, true));
-- - the cascade of the organization's deletion: its log goes with it (the organization row is
--   already gone when the cascade reaches its events).
-- A guard against the app's own mistakes, not against someone who can run SQL as the app's role:
-- they can set the flag too (one database role: REVOKE UPDATE, DELETE would stop the pruning).
-- TRUNCATE is left alone (row triggers do not see it; only tests and operators truncate).
CREATE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  organization_exists boolean;
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF current_setting('starter.audit_log_pruning', true) = 'on' THEN
      RETURN OLD;
    END IF;
    -- Qualified with the trigger's schema: the function must not depend on the caller's search_path.
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I."Organization" WHERE "id" = $1)', TG_TABLE_SCHEMA)
      INTO organization_exists USING OLD."organizationId";
    IF NOT organization_exists THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'AuditEvent is append-only: % is not allowed', TG_OP
    USING HINT = 'Events are only ever inserted (lib/audit-log); the maintenance job prunes old ones.';
END
$$;

CREATE TRIGGER "AuditEvent_append_only"
BEFORE UPDATE OR DELETE ON "AuditEvent"
FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();
