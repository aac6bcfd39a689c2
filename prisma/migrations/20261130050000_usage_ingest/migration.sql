-- Usage is never refused for timing: increments for a customer without a draft invoice wait here
-- for the next one. Their ids count down from -1, so an id kept when the increment is attached
-- can never meet one of usage_increments' own (positive) ids.
CREATE TABLE "pending_usage_increments" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "line_key" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "unit_amount" BIGINT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attached_at" TIMESTAMPTZ(3),
    "attached_line_id" UUID,

    CONSTRAINT "pending_usage_increments_pkey" PRIMARY KEY ("id")
);

ALTER SEQUENCE "pending_usage_increments_id_seq" INCREMENT BY -1 MINVALUE -9223372036854775808 MAXVALUE -1 START WITH -1 RESTART WITH -1;

CREATE UNIQUE INDEX "pending_usage_increments_tenant_id_idempotency_key_key" ON "pending_usage_increments"("tenant_id", "idempotency_key");
CREATE INDEX "pending_usage_increments_customer_id_attached_at_idx" ON "pending_usage_increments"("customer_id", "attached_at");

-- Amendments and voids: append-only, beside the adjusting increment they created.
CREATE TABLE "usage_corrections" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "increment_id" BIGINT NOT NULL,
    "adjusting_increment_id" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "previous_quantity" INTEGER NOT NULL,
    "new_quantity" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_corrections_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "usage_corrections_tenant_id_increment_id_idx" ON "usage_corrections"("tenant_id", "increment_id");

-- Closed invoices whose unsynced usage was carried to the next draft (once per invoice).
CREATE TABLE "usage_invoice_closures" (
    "invoice_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "carried_quantity" INTEGER NOT NULL,
    "closed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_invoice_closures_pkey" PRIMARY KEY ("invoice_id")
);
