-- Tables of the local Inngest driver (lib/inngest-driver): the embedded executor that runs the
-- app's Inngest functions through its own serve endpoint when no Inngest server is configured.

-- CreateEnum
CREATE TYPE "InngestRunStatus" AS ENUM ('queued', 'running', 'completed', 'failed');

-- CreateTable
CREATE TABLE "inngest_functions" (
    "id" TEXT NOT NULL,
    "app_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "max_attempts" INTEGER NOT NULL,
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inngest_functions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inngest_events" (
    "id" TEXT NOT NULL,
    "sequence" BIGSERIAL NOT NULL,
    "external_id" TEXT,
    "dedupe_key" TEXT,
    "name" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fanned_out_at" TIMESTAMPTZ(3),

    CONSTRAINT "inngest_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inngest_runs" (
    "id" TEXT NOT NULL,
    "function_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "status" "InngestRunStatus" NOT NULL DEFAULT 'queued',
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "max_attempts" INTEGER NOT NULL,
    "planned_steps" JSONB NOT NULL DEFAULT '[]',
    "disable_immediate_execution" BOOLEAN NOT NULL DEFAULT false,
    "idempotency_key" TEXT,
    "next_run_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lease_owner" TEXT,
    "lease_expires_at" TIMESTAMPTZ(3),
    "output" JSONB,
    "error" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inngest_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inngest_run_steps" (
    "run_id" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "op" TEXT NOT NULL,
    "name" TEXT,
    "result" JSONB NOT NULL,
    "completed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inngest_run_steps_pkey" PRIMARY KEY ("run_id","step_id")
);

-- CreateTable
CREATE TABLE "inngest_schedules" (
    "function_id" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "next_tick_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "inngest_schedules_pkey" PRIMARY KEY ("function_id","cron")
);

-- CreateIndex
CREATE INDEX "inngest_functions_app_id_idx" ON "inngest_functions"("app_id");

-- CreateIndex
CREATE UNIQUE INDEX "inngest_events_dedupe_key_key" ON "inngest_events"("dedupe_key");

-- CreateIndex
CREATE INDEX "inngest_events_external_id_idx" ON "inngest_events"("external_id");

-- CreateIndex
CREATE INDEX "inngest_events_fanned_out_at_sequence_idx" ON "inngest_events"("fanned_out_at", "sequence");

-- CreateIndex
CREATE INDEX "inngest_runs_status_next_run_at_idx" ON "inngest_runs"("status", "next_run_at");

-- CreateIndex
CREATE INDEX "inngest_runs_event_id_idx" ON "inngest_runs"("event_id");

-- CreateIndex
CREATE UNIQUE INDEX "inngest_runs_function_id_idempotency_key_key" ON "inngest_runs"("function_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "inngest_schedules_next_tick_at_idx" ON "inngest_schedules"("next_tick_at");

-- AddForeignKey
ALTER TABLE "inngest_runs" ADD CONSTRAINT "inngest_runs_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "inngest_events"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inngest_run_steps" ADD CONSTRAINT "inngest_run_steps_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "inngest_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inngest_schedules" ADD CONSTRAINT "inngest_schedules_function_id_fkey" FOREIGN KEY ("function_id") REFERENCES "inngest_functions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
