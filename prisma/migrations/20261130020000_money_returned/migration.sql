-- Money that goes back: refunds, credit notes and disputes linked to their invoices, the links from
-- Stripe payments to invoices, and the returned money in the revenue rollups (net revenue).
CREATE TABLE "invoice_payment_links" (
    "stripe_invoice_payment_id" TEXT NOT NULL,
    "stripe_invoice_id" TEXT NOT NULL,
    "payment_intent_id" TEXT,
    "charge_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "invoice_payment_links_pkey" PRIMARY KEY ("stripe_invoice_payment_id")
);
CREATE INDEX "invoice_payment_links_payment_intent_id_idx" ON "invoice_payment_links"("payment_intent_id");
CREATE INDEX "invoice_payment_links_charge_id_idx" ON "invoice_payment_links"("charge_id");
CREATE INDEX "invoice_payment_links_stripe_invoice_id_idx" ON "invoice_payment_links"("stripe_invoice_id");

CREATE TABLE "refunds" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "stripe_refund_id" TEXT NOT NULL,
    "charge_id" TEXT,
    "payment_intent_id" TEXT,
    "amount" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "stripe_created_at" TIMESTAMPTZ(3) NOT NULL,
    "last_event_created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "refunds_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "refunds_stripe_refund_id_key" ON "refunds"("stripe_refund_id");
CREATE INDEX "refunds_invoice_id_idx" ON "refunds"("invoice_id");
CREATE INDEX "refunds_tenant_id_stripe_created_at_idx" ON "refunds"("tenant_id", "stripe_created_at");

CREATE TABLE "credit_notes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "stripe_credit_note_id" TEXT NOT NULL,
    "number" TEXT,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "memo" TEXT,
    "currency" CHAR(3) NOT NULL,
    "total" BIGINT NOT NULL,
    "pre_payment_amount" BIGINT NOT NULL,
    "post_payment_amount" BIGINT NOT NULL,
    "refunded_amount" BIGINT NOT NULL,
    "stripe_created_at" TIMESTAMPTZ(3) NOT NULL,
    "voided_at" TIMESTAMPTZ(3),
    "last_event_created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "credit_notes_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "credit_notes_stripe_credit_note_id_key" ON "credit_notes"("stripe_credit_note_id");
CREATE INDEX "credit_notes_invoice_id_idx" ON "credit_notes"("invoice_id");
CREATE INDEX "credit_notes_tenant_id_stripe_created_at_idx" ON "credit_notes"("tenant_id", "stripe_created_at");

CREATE TABLE "disputes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "stripe_dispute_id" TEXT NOT NULL,
    "charge_id" TEXT NOT NULL,
    "payment_intent_id" TEXT,
    "amount" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "stripe_created_at" TIMESTAMPTZ(3) NOT NULL,
    "last_event_created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "disputes_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "disputes_stripe_dispute_id_key" ON "disputes"("stripe_dispute_id");
CREATE INDEX "disputes_invoice_id_idx" ON "disputes"("invoice_id");
CREATE INDEX "disputes_tenant_id_stripe_created_at_idx" ON "disputes"("tenant_id", "stripe_created_at");

-- The revenue rollup keeps, beside what was paid, what went back: refunds, post-payment credits
-- (not paid back as refunds) and lost disputes; net revenue is paid minus the three.
ALTER TABLE "report_revenue_daily" ADD COLUMN "refunded" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "report_revenue_daily" ADD COLUMN "credited" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "report_revenue_daily" ADD COLUMN "dispute_lost" BIGINT NOT NULL DEFAULT 0;
