-- Report rollups in shards: an apply writes its deltas to a shard no other apply in flight holds
-- (lib/reports/invoice-rollups.ts), so applies of one tenant, and of every tenant through the
-- all-tenants rows, no longer queue on the same rows. The reports sum every shard of a row; rows
-- written before this migration are shard 0.
ALTER TABLE "report_revenue_daily" ADD COLUMN "shard" SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE "report_revenue_daily" DROP CONSTRAINT "report_revenue_daily_pkey";
ALTER TABLE "report_revenue_daily" ADD CONSTRAINT "report_revenue_daily_pkey" PRIMARY KEY ("tenant_id", "day", "currency", "bucket", "shard");

ALTER TABLE "report_collection_daily" ADD COLUMN "shard" SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE "report_collection_daily" DROP CONSTRAINT "report_collection_daily_pkey";
ALTER TABLE "report_collection_daily" ADD CONSTRAINT "report_collection_daily_pkey" PRIMARY KEY ("tenant_id", "day", "currency", "shard");

ALTER TABLE "report_receivables_daily" ADD COLUMN "shard" SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE "report_receivables_daily" DROP CONSTRAINT "report_receivables_daily_pkey";
ALTER TABLE "report_receivables_daily" ADD CONSTRAINT "report_receivables_daily_pkey" PRIMARY KEY ("tenant_id", "due_day", "currency", "shard");

ALTER TABLE "report_customer_monthly" ADD COLUMN "shard" SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE "report_customer_monthly" DROP CONSTRAINT "report_customer_monthly_pkey";
ALTER TABLE "report_customer_monthly" ADD CONSTRAINT "report_customer_monthly_pkey" PRIMARY KEY ("tenant_id", "month", "currency", "customer_id", "shard");
