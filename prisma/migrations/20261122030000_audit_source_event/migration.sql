-- The Stripe event (or other source) an audit event records. One source changes one entity at
-- most once: a step re-run after a crash finds its own audit event and does nothing.
ALTER TABLE "audit_events" ADD COLUMN "source_event_id" TEXT;
CREATE UNIQUE INDEX "audit_events_entity_source_event_key"
    ON "audit_events"("entity_type", "entity_id", "source_event_id")
    WHERE "source_event_id" IS NOT NULL;
