-- The driver's events still to fan out move out of the event rows into a table of their own. The
-- fan-out marked each event by setting "fanned_out_at"; a partial index's predicate named that
-- column, so every mark was a non-HOT update: a new copy of the row and an entry in each of the
-- table's indexes, then vacuum. A fan-out now deletes the event's pending row instead, which
-- touches no index.
CREATE TABLE "inngest_pending_events" (
    "sequence" BIGINT NOT NULL,
    "event_id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "inngest_pending_events_pkey" PRIMARY KEY ("sequence")
);

INSERT INTO "inngest_pending_events" ("sequence", "event_id", "received_at")
SELECT "sequence", "id", "received_at" FROM "inngest_events" WHERE "fanned_out_at" IS NULL;

DROP INDEX "inngest_events_pending_idx";
ALTER TABLE "inngest_events" DROP COLUMN "fanned_out_at";

-- Every stored event is pending, whichever statement stores it (a send, a failure event, a cron
-- tick, a test): one insert per statement, from the rows it actually inserted (ON CONFLICT DO
-- NOTHING leaves a duplicate out).
CREATE FUNCTION "inngest_events_mark_pending"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "inngest_pending_events" ("sequence", "event_id", "received_at")
  SELECT "sequence", "id", "received_at" FROM inserted;
  RETURN NULL;
END
$$;

CREATE TRIGGER "inngest_events_mark_pending" AFTER INSERT ON "inngest_events"
REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "inngest_events_mark_pending"();

-- An event deleted (by hand, or by a test) takes its pending row with it: an orphan would count
-- as a stalled event in readiness forever. Events are never deleted in normal operation, so this
-- costs the accept path nothing, where a foreign key would check every stored event.
CREATE FUNCTION "inngest_events_forget_pending"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "inngest_pending_events" p USING deleted WHERE p."sequence" = deleted."sequence";
  RETURN NULL;
END
$$;

CREATE TRIGGER "inngest_events_forget_pending" AFTER DELETE ON "inngest_events"
REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION "inngest_events_forget_pending"();
