-- Stripe's `invoice.payment_action_required`: the customer must authenticate the payment on the
-- hosted invoice page. Set by that event, cleared once the invoice leaves open (paid, void…).
ALTER TABLE "invoices" ADD COLUMN "payment_action_required_at" TIMESTAMPTZ(3);
