-- Every failed attempt of a job, so a failure envelope can show each attempt's time and error.
CREATE TABLE "job_attempts" (
    "id" BIGSERIAL NOT NULL,
    "job_id" TEXT NOT NULL,
    "job_type" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "error" TEXT NOT NULL,
    "retry_delay_ms" INTEGER,
    "failed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "job_attempts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "job_attempts_run_id_failed_at_idx" ON "job_attempts"("run_id", "failed_at");
CREATE INDEX "job_attempts_job_id_failed_at_idx" ON "job_attempts"("job_id", "failed_at");
