-- Envelopes written before issues existed get their issues (failure groups), so an installation
-- upgraded with open dead letters sees them grouped at once.
INSERT INTO "failure_groups" ("job_type", "reason_key", "sample_reason", "occurrences", "first_seen_at", "last_seen_at")
SELECT "job_type", dlq_reason_key("reason"), left(max("reason"), 500), count(*)::int, min("failed_at"), max("failed_at")
FROM "failure_envelopes"
GROUP BY 1, 2
ON CONFLICT ("job_type", "reason_key") DO NOTHING;
