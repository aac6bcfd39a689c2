-- The explorer's common filter pairs (a tenant's or a job type's failures in one status), so a
-- pair with few or no matches is an index range scan instead of a walk through every failure of
-- the tenant or job type.
CREATE INDEX "failure_envelopes_dlq_tenant_status_idx" ON "failure_envelopes"("tenant_id", "status", "failed_at" DESC, "id" DESC);
CREATE INDEX "failure_envelopes_dlq_job_type_status_idx" ON "failure_envelopes"("job_type", "status", "failed_at" DESC, "id" DESC);
