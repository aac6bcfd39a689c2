-- Billing sync: API keys, usage lines and increments, invoice sync state (hold, unsynced local
-- changes, lease), tenant sync state, sync conflicts and reconciliation drift.
-- No foreign keys into other areas' tables (their Prisma models declare no relation to these).

CREATE TABLE "api_keys" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "key_prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "api_keys_key_hash_sha256" CHECK ("key_hash" ~ '^[0-9a-f]{64}$')
);
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");
CREATE INDEX "api_keys_tenant_id_created_at_idx" ON "api_keys"("tenant_id", "created_at" DESC);

CREATE TABLE "usage_lines" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "line_key" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "unit_amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "stripe_item_id" TEXT,
    "stripe_line_id" TEXT,
    "synced_quantity" INTEGER NOT NULL DEFAULT 0,
    "push_seq" INTEGER NOT NULL DEFAULT 0,
    "pending_op" TEXT,
    "pending_quantity" INTEGER,
    "synced_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "usage_lines_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "usage_lines_unit_amount_nonnegative" CHECK ("unit_amount" >= 0),
    CONSTRAINT "usage_lines_synced_quantity_nonnegative" CHECK ("synced_quantity" >= 0),
    CONSTRAINT "usage_lines_pending_op" CHECK ("pending_op" IS NULL OR "pending_op" IN ('create', 'update', 'delete'))
);
CREATE UNIQUE INDEX "usage_lines_stripe_item_id_key" ON "usage_lines"("stripe_item_id");
CREATE UNIQUE INDEX "usage_lines_invoice_id_line_key_key" ON "usage_lines"("invoice_id", "line_key");
CREATE INDEX "usage_lines_tenant_id_idx" ON "usage_lines"("tenant_id");

CREATE TABLE "usage_increments" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" UUID NOT NULL,
    "usage_line_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "usage_increments_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "usage_increments_usage_line_id_fkey" FOREIGN KEY ("usage_line_id") REFERENCES "usage_lines"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "usage_increments_tenant_id_idempotency_key_key" ON "usage_increments"("tenant_id", "idempotency_key");
CREATE INDEX "usage_increments_usage_line_id_idx" ON "usage_increments"("usage_line_id");

CREATE TABLE "invoice_sync_states" (
    "invoice_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "held" BOOLEAN NOT NULL DEFAULT false,
    "hold_reason" TEXT,
    "hold_seq" INTEGER NOT NULL DEFAULT 0,
    "stripe_auto_advance" BOOLEAN,
    "local_change_pending" BOOLEAN NOT NULL DEFAULT false,
    "local_changed_by" TEXT,
    "local_changed_at" TIMESTAMPTZ(3),
    "local_version" INTEGER,
    "last_synced_at" TIMESTAMPTZ(3),
    "last_sync_error" TEXT,
    "lease_owner" TEXT,
    "lease_expires_at" TIMESTAMPTZ(3),
    CONSTRAINT "invoice_sync_states_pkey" PRIMARY KEY ("invoice_id")
);
CREATE INDEX "invoice_sync_states_tenant_id_idx" ON "invoice_sync_states"("tenant_id");

CREATE TABLE "tenant_sync_states" (
    "tenant_id" UUID NOT NULL,
    "last_synced_at" TIMESTAMPTZ(3),
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    CONSTRAINT "tenant_sync_states_pkey" PRIMARY KEY ("tenant_id")
);

CREATE TABLE "sync_conflicts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "stripe_event_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "local_version" INTEGER NOT NULL,
    "local_actor" TEXT NOT NULL,
    "stripe_actor" TEXT NOT NULL,
    "diff" JSONB NOT NULL,
    "stripe_snapshot" JSONB NOT NULL,
    "detected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_by" TEXT,
    "resolved_at" TIMESTAMPTZ(3),
    CONSTRAINT "sync_conflicts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "sync_conflicts_status" CHECK ("status" IN ('open', 'accepted_theirs', 'kept_ours'))
);
CREATE UNIQUE INDEX "sync_conflicts_invoice_id_stripe_event_id_key" ON "sync_conflicts"("invoice_id", "stripe_event_id");
CREATE INDEX "sync_conflicts_status_detected_at_idx" ON "sync_conflicts"("status", "detected_at" DESC);
CREATE INDEX "sync_conflicts_tenant_id_detected_at_idx" ON "sync_conflicts"("tenant_id", "detected_at" DESC);

CREATE TABLE "reconciliation_drifts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "run_id" TEXT NOT NULL,
    "tenant_id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "local_value" TEXT,
    "stripe_value" TEXT,
    "detected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "reconciliation_drifts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "reconciliation_drifts_detected_at_idx" ON "reconciliation_drifts"("detected_at" DESC);
CREATE INDEX "reconciliation_drifts_invoice_id_detected_at_idx" ON "reconciliation_drifts"("invoice_id", "detected_at" DESC);
