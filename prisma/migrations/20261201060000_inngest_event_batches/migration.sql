-- Event batching in the local Inngest driver (batchEvents): events waiting in a function's open
-- batch, and on a batch run the ids of every event it received, in arrival order.

-- AlterTable
ALTER TABLE "inngest_runs" ADD COLUMN "batch_event_ids" JSONB;

-- CreateIndex
CREATE INDEX "inngest_runs_batch_event_ids_idx" ON "inngest_runs" USING GIN ("batch_event_ids" jsonb_path_ops);

-- CreateTable
CREATE TABLE "inngest_batch_events" (
    "function_id" TEXT NOT NULL,
    "batch_key" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "sequence" BIGINT NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inngest_batch_events_pkey" PRIMARY KEY ("function_id","event_id")
);

-- CreateIndex
CREATE INDEX "inngest_batch_events_function_id_batch_key_sequence_idx" ON "inngest_batch_events"("function_id", "batch_key", "sequence");

-- CreateIndex
CREATE INDEX "inngest_batch_events_event_id_idx" ON "inngest_batch_events"("event_id");

-- AddForeignKey
ALTER TABLE "inngest_batch_events" ADD CONSTRAINT "inngest_batch_events_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "inngest_events"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
