-- One idempotency key per tenant across all usage. An increment lives in usage_increments (on a
-- draft's line) or in pending_usage_increments (held for the next draft), and each table's own
-- unique index only saw its own rows: two concurrent writes of one key, one held and one on a
-- draft, were both stored. Every increment now claims its key here as it is written, so this
-- primary key is the one place a key can be taken, under any concurrency.
CREATE TABLE "usage_idempotency_keys" (
    "tenant_id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "increment_id" BIGINT NOT NULL,

    CONSTRAINT "usage_idempotency_keys_pkey" PRIMARY KEY ("tenant_id","idempotency_key")
);

-- Keys already recorded. A held increment keeps its id when attached, so both its rows name one increment.
INSERT INTO "usage_idempotency_keys" ("tenant_id", "idempotency_key", "increment_id")
SELECT "tenant_id", "idempotency_key", "id" FROM "pending_usage_increments"
UNION ALL
SELECT "tenant_id", "idempotency_key", "id" FROM "usage_increments"
ON CONFLICT DO NOTHING;

-- Claims NEW's key for NEW's increment. A key held by another increment (committed, or committed by
-- a concurrent write this one waited for) skips the row, as ON CONFLICT DO NOTHING would: the
-- writer sees no row returned. A held increment attached to its draft keeps its id, so it passes.
CREATE FUNCTION "claim_usage_idempotency_key"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "usage_idempotency_keys" ("tenant_id", "idempotency_key", "increment_id")
    VALUES (NEW."tenant_id", NEW."idempotency_key", NEW."id")
    ON CONFLICT ("tenant_id", "idempotency_key") DO NOTHING;
    IF FOUND OR EXISTS (
        SELECT 1 FROM "usage_idempotency_keys" k
        WHERE k."tenant_id" = NEW."tenant_id" AND k."idempotency_key" = NEW."idempotency_key" AND k."increment_id" = NEW."id"
    ) THEN
        RETURN NEW;
    END IF;
    RETURN NULL;
END;
$$;

-- Every writer but the ingest: its statement (lib/usage/write-increments.ts) claims the keys of its
-- increments (sources api and server) set-based before inserting them, at half the cost of a
-- trigger per row.
CREATE TRIGGER "usage_increments_claim_idempotency_key"
    BEFORE INSERT ON "usage_increments"
    FOR EACH ROW WHEN (NEW."source" NOT IN ('api', 'server')) EXECUTE FUNCTION "claim_usage_idempotency_key"();

CREATE TRIGGER "pending_usage_increments_claim_idempotency_key"
    BEFORE INSERT ON "pending_usage_increments"
    FOR EACH ROW WHEN (NEW."source" NOT IN ('api', 'server')) EXECUTE FUNCTION "claim_usage_idempotency_key"();

-- Each table's own unique index on the key is redundant now that the claim comes first: one index
-- write per increment less.
DROP INDEX "usage_increments_tenant_id_idempotency_key_key";
DROP INDEX "pending_usage_increments_tenant_id_idempotency_key_key";
