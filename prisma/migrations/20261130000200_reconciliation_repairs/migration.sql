-- Drift can be repaired from Stripe: who repaired it and when. A drift now names the Stripe
-- invoice, because an invoice only Stripe has (kind extra_invoice) has no local row yet.
ALTER TABLE "reconciliation_drifts" ADD COLUMN "stripe_invoice_id" TEXT;
ALTER TABLE "reconciliation_drifts" ADD COLUMN "repaired_at" TIMESTAMPTZ(3);
ALTER TABLE "reconciliation_drifts" ADD COLUMN "repaired_by" TEXT;

UPDATE "reconciliation_drifts" AS d SET "stripe_invoice_id" = i."stripe_invoice_id" FROM "invoices" AS i WHERE i."id" = d."invoice_id";
-- A drift whose invoice no longer exists cannot be checked or repaired.
DELETE FROM "reconciliation_drifts" WHERE "stripe_invoice_id" IS NULL;

ALTER TABLE "reconciliation_drifts" ALTER COLUMN "stripe_invoice_id" SET NOT NULL;
ALTER TABLE "reconciliation_drifts" ALTER COLUMN "invoice_id" DROP NOT NULL;

CREATE INDEX "reconciliation_drifts_stripe_invoice_id_repaired_at_idx" ON "reconciliation_drifts"("stripe_invoice_id", "repaired_at");
