-- Stripe's overdue signal, and the subscription an invoice bills (to point a past-due subscription
-- at the invoice to pay).
ALTER TABLE "invoices" ADD COLUMN "overdue_at" TIMESTAMPTZ(3);
ALTER TABLE "invoices" ADD COLUMN "stripe_subscription_id" TEXT;
CREATE INDEX "invoices_stripe_subscription_id_idx" ON "invoices"("stripe_subscription_id");
