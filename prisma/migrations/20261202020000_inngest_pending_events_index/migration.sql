-- The driver reads the events still to fan out, oldest first, 100 at a time. An index on
-- (fanned_out_at, sequence) cannot give those rows in sequence order under `fanned_out_at IS NULL`,
-- so behind a backlog PostgreSQL read and sorted every pending event on each read: a backlog's
-- fan-out grew with its square. A partial index holds only the pending events, in order; an event
-- leaves it when it is fanned out.
DROP INDEX "inngest_events_fanned_out_at_sequence_idx";
CREATE INDEX "inngest_events_pending_idx" ON "inngest_events"("sequence") WHERE "fanned_out_at" IS NULL;
