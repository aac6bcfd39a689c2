-- Owners for work a crash or a lost run can leave half-way (docs/pipeline.md, "Nothing stays stuck").
-- An inbox row handed to Inngest whose run never finished is handed over again under a new event id
-- (<Stripe event id>:redispatch:<n>); the count bounds how often before it becomes a dead letter.
ALTER TABLE "webhook_inbox" ADD COLUMN "redispatch_count" INTEGER NOT NULL DEFAULT 0;

-- When Inngest accepted a replay's event: a replay sent late by the sweeper is not judged by its claim time.
ALTER TABLE "dlq_replays" ADD COLUMN "sent_at" TIMESTAMPTZ(3);
-- The sweeper looks for replays still "sending" or "running" after their staleness age.
CREATE INDEX "dlq_replays_status_created_at_idx" ON "dlq_replays"("status", "created_at");
