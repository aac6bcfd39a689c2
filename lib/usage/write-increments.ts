// The ingest's one statement: a whole group of increments — from every request that arrived while
// the previous group was being written — inserted set-based with one commit. Increments with a
// draft line go onto it if the invoice is still a draft once locked (FOR SHARE: a finalization waits
// for this commit, so the sync's close-out of the invoice sees these increments); the others, and
// any whose draft closed meanwhile, are held for the customer's next draft. Each increment first
// claims its key in usage_idempotency_keys, the one unique index over both tables: a key already
// taken — committed, or by a concurrent write this statement waited for — writes nothing and is
// reported as unwritten, for the caller to classify. (Every other writer's keys are claimed by a
// trigger; this statement claims its own set-based, which costs half as much per increment.)
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { createGroupCommit } from "@/lib/db/group-commit";

export interface IncrementToWrite {
  tenantId: string;
  customerId: string;
  usageLineId: string | null;
  lineKey: string;
  description: string;
  unitAmount: number | bigint;
  quantity: number;
  idempotencyKey: string;
  /** The sources whose keys this statement claims itself (the claim trigger skips them). */
  source: "api" | "server";
  actor: string;
  reason: string | null;
}

/** Written on a draft's line or held (`pending`), with its id; null when its key was already recorded. */
export type WriteOutcome = { id: string; pending: boolean } | null;

export async function writeIncrements(items: IncrementToWrite[], client: Pick<Prisma.TransactionClient, "$queryRaw"> = db()): Promise<WriteOutcome[]> {
  // A key twice in one statement is written once: the later copies are left for the duplicate check.
  const firstIndex = new Map<string, number>();
  items.forEach((item, index) => {
    const key = `${item.tenantId}:${item.idempotencyKey}`;
    if (!firstIndex.has(key)) firstIndex.set(key, index);
  });
  const rows = items.flatMap((item, index) => (firstIndex.get(`${item.tenantId}:${item.idempotencyKey}`) === index ? [{ item, index }] : []));
  const col = <T>(pick: (item: IncrementToWrite) => T) => rows.map((r) => pick(r.item));
  const written = await client.$queryRaw<{ ord: number; id: bigint; pending: boolean }[]>`
    WITH input AS (
      SELECT * FROM unnest(${rows.map((r) => r.index)}::int[], ${col((i) => i.tenantId)}::uuid[], ${col((i) => i.customerId)}::uuid[],
                           ${col((i) => i.usageLineId)}::uuid[], ${col((i) => i.lineKey)}::text[], ${col((i) => i.description)}::text[],
                           ${col((i) => String(i.unitAmount))}::bigint[], ${col((i) => i.quantity)}::int[], ${col((i) => i.idempotencyKey)}::text[],
                           ${col((i) => i.source)}::text[], ${col((i) => i.actor)}::text[], ${col((i) => i.reason)}::text[])
        AS t(ord, tenant_id, customer_id, usage_line_id, line_key, description, unit_amount, quantity, idempotency_key, source, actor, reason)
    ),
    open_lines AS (
      SELECT l.id FROM usage_lines l JOIN invoices inv ON inv.id = l.invoice_id
      WHERE l.id IN (SELECT usage_line_id FROM input) AND inv.status = 'draft' AND inv.deleted_at IS NULL
      ORDER BY inv.id
      FOR SHARE OF inv
    ),
    fresh AS (
      SELECT i.*, on_draft, CASE WHEN on_draft THEN nextval('usage_increments_id_seq') ELSE nextval('pending_usage_increments_id_seq') END AS id
      FROM input i, LATERAL (SELECT (i.usage_line_id IN (SELECT id FROM open_lines)) IS TRUE AS on_draft) d
      -- Retries skip the work with one index lookup; the claim below is what holds under concurrency.
      WHERE NOT EXISTS (SELECT 1 FROM usage_idempotency_keys k WHERE k.tenant_id = i.tenant_id AND k.idempotency_key = i.idempotency_key)
    ),
    claimed AS (
      INSERT INTO usage_idempotency_keys (tenant_id, idempotency_key, increment_id)
      SELECT tenant_id, idempotency_key, id FROM fresh ORDER BY ord
      ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
      RETURNING increment_id
    ),
    on_draft AS (
      INSERT INTO usage_increments (id, tenant_id, usage_line_id, quantity, idempotency_key, source, actor, reason)
      SELECT id, tenant_id, usage_line_id, quantity, idempotency_key, source, actor, reason FROM fresh
      WHERE on_draft AND id IN (SELECT increment_id FROM claimed) ORDER BY ord
      RETURNING id
    ),
    held AS (
      INSERT INTO pending_usage_increments (id, tenant_id, customer_id, line_key, description, unit_amount, quantity, idempotency_key, source, actor, reason)
      SELECT id, tenant_id, customer_id, line_key, description, unit_amount, quantity, idempotency_key, source, actor, reason FROM fresh
      WHERE NOT on_draft AND id IN (SELECT increment_id FROM claimed) ORDER BY ord
      RETURNING id
    )
    SELECT f.ord, f.id, NOT f.on_draft AS pending
    FROM fresh f JOIN (SELECT id FROM on_draft UNION ALL SELECT id FROM held) w ON w.id = f.id`;
  const byIndex = new Map(written.map((w) => [Number(w.ord), { id: w.id.toString(), pending: w.pending }]));
  return items.map((_, index) => byIndex.get(index) ?? null);
}

/** One request's increments, written together with every other request's waiting at the same time. */
export interface IncrementGroup {
  items: IncrementToWrite[];
}

const key = Symbol.for("ledgerline.usage-group-commit");
type GlobalWithWriter = typeof globalThis & { [key]?: (group: IncrementGroup) => Promise<WriteOutcome[]> };

/**
 * Submits one request's increments to the shared writer. Requests arriving while a statement is
 * in flight share the next one (up to ~5,000 increments); a failed statement is retried request
 * by request, so one request's failure never fails its neighbours.
 */
export function submitIncrements(group: IncrementGroup): Promise<WriteOutcome[]> {
  const g = globalThis as GlobalWithWriter;
  g[key] ??= createGroupCommit<IncrementGroup, WriteOutcome[]>(
    async (groups) => {
      const outcomes = await writeIncrements(groups.flatMap((group) => group.items));
      let offset = 0;
      return groups.map((group) => outcomes.slice(offset, (offset += group.items.length)));
    },
    { maxBatch: 500, maxInFlight: 2, weigh: (group) => group.items.length, maxWeight: 5_000 },
  );
  return g[key](group);
}
