-- Reports: incremental rollups maintained inside the invoice transaction (lib/reports/invoice-rollups.ts),
-- MRR snapshots and pipeline rollups refreshed by a cron. Every rollup holds integer sums (BIGINT) and
-- counts. Rows with tenant_id = 00000000-0000-0000-0000-000000000000 are the all-tenants totals staff see,
-- so no report ever aggregates across tenants at read time.

-- Invoices by revenue day (paid: day paid; otherwise: day created), currency and status bucket.
CREATE TABLE "report_revenue_daily" (
    "tenant_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "bucket" TEXT NOT NULL,
    "invoice_count" BIGINT NOT NULL DEFAULT 0,
    "total" BIGINT NOT NULL DEFAULT 0,
    "amount_paid" BIGINT NOT NULL DEFAULT 0,
    "amount_remaining" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "report_revenue_daily_pkey" PRIMARY KEY ("tenant_id", "day", "currency", "bucket")
);

-- Payment collection by invoice creation day: finalized invoices, those that failed a payment,
-- and how they ended (recovered = paid after a failure; lost = uncollectible or void after one).
CREATE TABLE "report_collection_daily" (
    "tenant_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "finalized_count" BIGINT NOT NULL DEFAULT 0,
    "failed_count" BIGINT NOT NULL DEFAULT 0,
    "recovered_count" BIGINT NOT NULL DEFAULT 0,
    "lost_count" BIGINT NOT NULL DEFAULT 0,
    "failed_amount" BIGINT NOT NULL DEFAULT 0,
    "recovered_amount" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "report_collection_daily_pkey" PRIMARY KEY ("tenant_id", "day", "currency")
);

-- Open invoices by due day: invoice aging buckets them against "today" at read time.
CREATE TABLE "report_receivables_daily" (
    "tenant_id" UUID NOT NULL,
    "due_day" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "open_count" BIGINT NOT NULL DEFAULT 0,
    "amount_remaining" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "report_receivables_daily_pkey" PRIMARY KEY ("tenant_id", "due_day", "currency")
);

-- Paid revenue per customer and month (top customers).
CREATE TABLE "report_customer_monthly" (
    "tenant_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "customer_id" UUID NOT NULL,
    "paid_count" BIGINT NOT NULL DEFAULT 0,
    "paid_total" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "report_customer_monthly_pkey" PRIMARY KEY ("tenant_id", "month", "currency", "customer_id")
);

-- What the rollups need to know about an invoice beyond its row: whether a payment ever failed.
CREATE TABLE "report_invoice_facts" (
    "invoice_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "payment_failed_at" TIMESTAMPTZ(3),
    CONSTRAINT "report_invoice_facts_pkey" PRIMARY KEY ("invoice_id")
);

-- Each customer's MRR at the end of a month (the current month: as of the last refresh).
CREATE TABLE "report_mrr_customer_monthly" (
    "tenant_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "customer_id" UUID NOT NULL,
    "mrr" BIGINT NOT NULL,
    CONSTRAINT "report_mrr_customer_monthly_pkey" PRIMARY KEY ("tenant_id", "month", "currency", "customer_id")
);

-- MRR and its movement per month against the month before.
CREATE TABLE "report_mrr_monthly" (
    "tenant_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "mrr" BIGINT NOT NULL DEFAULT 0,
    "new_mrr" BIGINT NOT NULL DEFAULT 0,
    "expansion_mrr" BIGINT NOT NULL DEFAULT 0,
    "contraction_mrr" BIGINT NOT NULL DEFAULT 0,
    "churned_mrr" BIGINT NOT NULL DEFAULT 0,
    "customers" BIGINT NOT NULL DEFAULT 0,
    "refreshed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "report_mrr_monthly_pkey" PRIMARY KEY ("tenant_id", "month", "currency")
);

-- Webhook events per hour and type: counts by outcome and processing latency (received → processed).
CREATE TABLE "report_pipeline_hourly" (
    "tenant_id" UUID NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "event_type" TEXT NOT NULL,
    "received_count" BIGINT NOT NULL DEFAULT 0,
    "processed_count" BIGINT NOT NULL DEFAULT 0,
    "ignored_count" BIGINT NOT NULL DEFAULT 0,
    "failed_count" BIGINT NOT NULL DEFAULT 0,
    "latency_sum_ms" BIGINT NOT NULL DEFAULT 0,
    "latency_max_ms" BIGINT NOT NULL DEFAULT 0,
    "latency_le_1s" BIGINT NOT NULL DEFAULT 0,
    "latency_le_10s" BIGINT NOT NULL DEFAULT 0,
    "latency_le_60s" BIGINT NOT NULL DEFAULT 0,
    "dead_letter_count" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "report_pipeline_hourly_pkey" PRIMARY KEY ("tenant_id", "hour", "event_type")
);

-- The pipeline refresh reads webhook events by time range (dead letters join on stripe_event_id,
-- already indexed).
CREATE INDEX "webhook_inbox_received_at_idx" ON "webhook_inbox"("received_at");

-- Top customers across every tenant (staff totals) read by month, not by tenant.
CREATE INDEX "report_customer_monthly_month_idx" ON "report_customer_monthly"("month", "currency", "customer_id") INCLUDE ("paid_total", "paid_count");
