-- A draft deleted in Stripe (`invoice.deleted`) keeps its row for the audit trail, marked deleted:
-- it leaves the customer's views, the running totals and the report rollups, and no later event
-- for it is applied.
ALTER TABLE "invoices" ADD COLUMN "deleted_at" TIMESTAMPTZ(3);
