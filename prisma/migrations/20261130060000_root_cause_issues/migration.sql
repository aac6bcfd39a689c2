-- Issues by root cause: a failure's fingerprint is its normalized reason plus what it concerns
-- (the Stripe customer that has no tenant, or the status Stripe answered; the same patterns as
-- lib/dead-letters/fingerprint.ts), whatever job type failed. Existing envelopes are regrouped:
-- one issue per fingerprint, open while any of its envelopes is still open or being replayed.
ALTER TABLE "failure_envelopes" ADD COLUMN "fingerprint" TEXT;
ALTER TABLE "failure_envelopes" ADD COLUMN "subject" TEXT;

UPDATE "failure_envelopes" SET "subject" = CASE
  WHEN "reason" ~* '(cannot be assigned to a tenant|not mapped to a tenant|could not be found)'
       AND substring("reason" from '(?:^|[^A-Za-z0-9_])(cus_[A-Za-z0-9_]+)') IS NOT NULL
    THEN lower(substring("reason" from '(?:^|[^A-Za-z0-9_])(cus_[A-Za-z0-9_]+)'))
  WHEN "reason" ~* '\mstripe\M' AND substring("reason" from '\m(429|5[0-9][0-9])\M') IS NOT NULL
    THEN 'http_' || substring("reason" from '\m(429|5[0-9][0-9])\M')
END;
UPDATE "failure_envelopes" SET "fingerprint" = dlq_reason_key("reason") || COALESCE(' @' || "subject", '');

CREATE INDEX "failure_envelopes_fingerprint_status_idx" ON "failure_envelopes"("fingerprint", "status");

DROP INDEX "failure_groups_job_type_reason_key_key";
DELETE FROM "failure_groups";
ALTER TABLE "failure_groups" DROP COLUMN "job_type";
ALTER TABLE "failure_groups" ADD COLUMN "fingerprint" TEXT NOT NULL;
ALTER TABLE "failure_groups" ADD COLUMN "subject" TEXT;
CREATE UNIQUE INDEX "failure_groups_fingerprint_key" ON "failure_groups"("fingerprint");

INSERT INTO "failure_groups" ("fingerprint", "reason_key", "subject", "sample_reason", "state", "occurrences", "first_seen_at", "last_seen_at")
SELECT "fingerprint", min(dlq_reason_key("reason")), min("subject"),
       left(max("reason"), 500),
       CASE WHEN bool_or("status" IN ('open', 'replayed')) THEN 'open'::"FailureGroupState" ELSE 'resolved'::"FailureGroupState" END,
       count(*)::int, min("failed_at"), max("failed_at")
FROM "failure_envelopes"
GROUP BY "fingerprint";

ALTER TABLE "failure_envelopes" DROP COLUMN "subject";
