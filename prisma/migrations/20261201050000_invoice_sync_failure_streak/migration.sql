-- A draft whose compiled sync keeps failing is alerted on once its failed pushes in a row reach a
-- threshold; a successful push resets both.
ALTER TABLE "invoice_sync_states" ADD COLUMN "consecutive_sync_failures" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "invoice_sync_states" ADD COLUMN "sync_failing_since" TIMESTAMPTZ(3);
