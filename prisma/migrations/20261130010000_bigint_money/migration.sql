-- Money columns become 64-bit, as Stripe's amounts are: a 32-bit column refused any amount over
-- 21,474,836.47 of a two-decimal currency (about 1,300 USD in IDR). Widening int4 to int8 keeps
-- every stored value as it is.
ALTER TABLE "subscriptions" ALTER COLUMN "amount" TYPE BIGINT;

ALTER TABLE "invoices"
  ALTER COLUMN "subtotal" TYPE BIGINT,
  ALTER COLUMN "total" TYPE BIGINT,
  ALTER COLUMN "amount_due" TYPE BIGINT,
  ALTER COLUMN "amount_paid" TYPE BIGINT,
  ALTER COLUMN "amount_remaining" TYPE BIGINT;

ALTER TABLE "invoice_line_items"
  ALTER COLUMN "unit_amount" TYPE BIGINT,
  ALTER COLUMN "amount" TYPE BIGINT;

ALTER TABLE "usage_lines" ALTER COLUMN "unit_amount" TYPE BIGINT;
