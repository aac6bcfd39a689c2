-- Dead-letter explorer: failure groups ("issues"), replays and their lineage, bulk replays,
-- retry policies editable at runtime, alerts, the local inbox and the weekly DLQ report.

-- The normalized reason of a failure: ids, numbers and quoted values become placeholders, so
-- "Customer cus_123 not found" and "Customer cus_456 not found" are the same issue.
CREATE FUNCTION "dlq_reason_key"(reason TEXT) RETURNS TEXT
LANGUAGE SQL IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
  SELECT left(btrim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
    lower(reason),
    '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', '<uuid>', 'g'),
    '\m[a-z]{2,8}_[a-z0-9_]{4,}', '<id>', 'g'),
    '"[^"]*"', '<value>', 'g'),
    '[0-9]+', '<n>', 'g'),
    '\s+', ' ', 'g')), 300)
$$;

CREATE TYPE "FailureGroupState" AS ENUM ('open', 'acknowledged', 'resolved');

CREATE TABLE "failure_groups" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "job_type" TEXT NOT NULL,
    "reason_key" TEXT NOT NULL,
    "sample_reason" TEXT NOT NULL,
    "state" "FailureGroupState" NOT NULL DEFAULT 'open',
    "occurrences" INTEGER NOT NULL DEFAULT 0,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "state_changed_at" TIMESTAMPTZ(3),
    "state_changed_by" TEXT,
    "state_note" TEXT,
    CONSTRAINT "failure_groups_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "failure_groups_job_type_reason_key_key" ON "failure_groups"("job_type", "reason_key");
CREATE INDEX "failure_groups_last_seen_at_idx" ON "failure_groups"("last_seen_at" DESC);

CREATE TABLE "dlq_bulk_replays" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "filter" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL,
    "cursor" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "rate_per_second" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "dlq_bulk_replays_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "dlq_bulk_replays_created_at_idx" ON "dlq_bulk_replays"("created_at" DESC);

-- The saved selection of a bulk replay: exactly the envelopes the filter matched when asked.
CREATE TABLE "dlq_bulk_replay_items" (
    "bulk_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "envelope_id" UUID NOT NULL,
    CONSTRAINT "dlq_bulk_replay_items_pkey" PRIMARY KEY ("bulk_id", "position"),
    CONSTRAINT "dlq_bulk_replay_items_bulk_id_fkey" FOREIGN KEY ("bulk_id") REFERENCES "dlq_bulk_replays"("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "dlq_bulk_replay_items_bulk_id_envelope_id_key" ON "dlq_bulk_replay_items"("bulk_id", "envelope_id");

-- One replay of an envelope: the event sent (its id is the dedupe key), the run it started.
CREATE TABLE "dlq_replays" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "envelope_id" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "sent_event_ids" JSONB,
    "run_id" TEXT,
    "payload" JSONB NOT NULL,
    "edited" BOOLEAN NOT NULL DEFAULT false,
    "actor" TEXT NOT NULL,
    "bulk_id" UUID,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "dlq_replays_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "dlq_replays_envelope_id_fkey" FOREIGN KEY ("envelope_id") REFERENCES "failure_envelopes"("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "dlq_replays_envelope_id_sequence_key" ON "dlq_replays"("envelope_id", "sequence");
CREATE UNIQUE INDEX "dlq_replays_event_id_key" ON "dlq_replays"("event_id");
CREATE INDEX "dlq_replays_run_id_idx" ON "dlq_replays"("run_id");
CREATE INDEX "dlq_replays_bulk_id_idx" ON "dlq_replays"("bulk_id");
CREATE INDEX "dlq_replays_created_at_idx" ON "dlq_replays"("created_at");

CREATE TABLE "retry_policies" (
    "job_type" TEXT NOT NULL,
    "max_attempts" INTEGER NOT NULL,
    "strategy" TEXT NOT NULL,
    "schedule_ms" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL,
    CONSTRAINT "retry_policies_pkey" PRIMARY KEY ("job_type"),
    CONSTRAINT "retry_policies_max_attempts_check" CHECK ("max_attempts" BETWEEN 1 AND 20)
);

CREATE TABLE "dlq_alerts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" TEXT NOT NULL,
    "alert_key" TEXT NOT NULL,
    "job_type" TEXT,
    "reason" TEXT,
    "tenant_id" UUID,
    "envelope_id" UUID,
    "text" TEXT NOT NULL,
    "occurrences" INTEGER NOT NULL DEFAULT 1,
    "channel" TEXT NOT NULL,
    "delivered_at" TIMESTAMPTZ(3),
    "delivery_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "dlq_alerts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "dlq_alerts_alert_key_created_at_idx" ON "dlq_alerts"("alert_key", "created_at" DESC);
CREATE INDEX "dlq_alerts_created_at_idx" ON "dlq_alerts"("created_at" DESC);

-- Where Slack posts and emails go when no real transport is configured (demo mode).
CREATE TABLE "local_inbox_messages" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "channel" TEXT NOT NULL,
    "recipients" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "body" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "local_inbox_messages_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "local_inbox_messages_created_at_idx" ON "local_inbox_messages"("created_at" DESC);

CREATE TABLE "dlq_reports" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "week_start" TIMESTAMPTZ(3) NOT NULL,
    "week_end" TIMESTAMPTZ(3) NOT NULL,
    "figures" JSONB NOT NULL,
    "recipients" TEXT NOT NULL DEFAULT '',
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "dlq_reports_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "dlq_reports_week_start_key" ON "dlq_reports"("week_start");

-- The explorer's reads on failure_envelopes (Prisma's schema cannot express these): keyset
-- pagination on (failed_at DESC, id DESC) per filter, issue slices, payload containment and
-- JSON path (jsonb_path_ops), and word search over payload strings and reasons.
CREATE INDEX "failure_envelopes_dlq_list_idx" ON "failure_envelopes"("failed_at" DESC, "id" DESC);
CREATE INDEX "failure_envelopes_dlq_status_idx" ON "failure_envelopes"("status", "failed_at" DESC, "id" DESC);
CREATE INDEX "failure_envelopes_dlq_job_type_idx" ON "failure_envelopes"("job_type", "failed_at" DESC, "id" DESC);
CREATE INDEX "failure_envelopes_dlq_tenant_idx" ON "failure_envelopes"("tenant_id", "failed_at" DESC, "id" DESC);
CREATE INDEX "failure_envelopes_dlq_group_idx" ON "failure_envelopes"("job_type", dlq_reason_key("reason"), "failed_at" DESC, "id" DESC);
CREATE INDEX "failure_envelopes_dlq_payload_idx" ON "failure_envelopes" USING GIN ("payload" jsonb_path_ops);
CREATE INDEX "failure_envelopes_dlq_payload_words_idx" ON "failure_envelopes" USING GIN (to_tsvector('simple'::regconfig, "payload"));
CREATE INDEX "failure_envelopes_dlq_reason_words_idx" ON "failure_envelopes" USING GIN (to_tsvector('simple'::regconfig, "reason"));
