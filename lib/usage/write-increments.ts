// The ingest's one statement: a whole group of increments — from every request that arrived while
// the previous group was being written — inserted set-based with one commit. Increments with a
// draft line go onto it (if the invoice is still a draft at that instant); the others, and any
// whose draft closed meanwhile, are held for the customer's next draft. A key already recorded in
// either table writes nothing and is reported as unwritten, for the caller to classify.
import { db } from "@/lib/db/client";
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
  source: string;
  actor: string;
  reason: string | null;
}

/** Written on a draft's line or held (`pending`), with its id; null when its key was already recorded. */
export type WriteOutcome = { id: string; pending: boolean } | null;

export async function writeIncrements(items: IncrementToWrite[]): Promise<WriteOutcome[]> {
  // A key twice in one statement is written once: the later copies are left for the duplicate check.
  const firstIndex = new Map<string, number>();
  items.forEach((item, index) => {
    const key = `${item.tenantId}:${item.idempotencyKey}`;
    if (!firstIndex.has(key)) firstIndex.set(key, index);
  });
  const rows = items.flatMap((item, index) => (firstIndex.get(`${item.tenantId}:${item.idempotencyKey}`) === index ? [{ item, index }] : []));
  const col = <T>(pick: (item: IncrementToWrite) => T) => rows.map((r) => pick(r.item));
  const written = await db().$queryRaw<{ ord: number; id: bigint; pending: boolean }[]>`
    WITH input AS (
      SELECT * FROM unnest(${rows.map((r) => r.index)}::int[], ${col((i) => i.tenantId)}::uuid[], ${col((i) => i.customerId)}::uuid[],
                           ${col((i) => i.usageLineId)}::uuid[], ${col((i) => i.lineKey)}::text[], ${col((i) => i.description)}::text[],
                           ${col((i) => String(i.unitAmount))}::bigint[], ${col((i) => i.quantity)}::int[], ${col((i) => i.idempotencyKey)}::text[],
                           ${col((i) => i.source)}::text[], ${col((i) => i.actor)}::text[], ${col((i) => i.reason)}::text[])
        AS t(ord, tenant_id, customer_id, usage_line_id, line_key, description, unit_amount, quantity, idempotency_key, source, actor, reason)
    ),
    fresh AS (
      SELECT i.*, (inv.id IS NOT NULL) AS on_draft
      FROM input i
      LEFT JOIN usage_lines l ON l.id = i.usage_line_id
      LEFT JOIN invoices inv ON inv.id = l.invoice_id AND inv.status = 'draft' AND inv.deleted_at IS NULL
      WHERE NOT EXISTS (SELECT 1 FROM usage_increments u WHERE u.tenant_id = i.tenant_id AND u.idempotency_key = i.idempotency_key)
        AND NOT EXISTS (SELECT 1 FROM pending_usage_increments p WHERE p.tenant_id = i.tenant_id AND p.idempotency_key = i.idempotency_key)
    ),
    on_draft AS (
      INSERT INTO usage_increments (tenant_id, usage_line_id, quantity, idempotency_key, source, actor, reason)
      SELECT tenant_id, usage_line_id, quantity, idempotency_key, source, actor, reason FROM fresh WHERE on_draft ORDER BY ord
      ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
      RETURNING id, tenant_id, idempotency_key
    ),
    held AS (
      INSERT INTO pending_usage_increments (tenant_id, customer_id, line_key, description, unit_amount, quantity, idempotency_key, source, actor, reason)
      SELECT tenant_id, customer_id, line_key, description, unit_amount, quantity, idempotency_key, source, actor, reason FROM fresh WHERE NOT on_draft ORDER BY ord
      ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
      RETURNING id, tenant_id, idempotency_key
    )
    SELECT i.ord, COALESCE(d.id, h.id) AS id, (h.id IS NOT NULL) AS pending
    FROM input i
    LEFT JOIN on_draft d ON d.tenant_id = i.tenant_id AND d.idempotency_key = i.idempotency_key
    LEFT JOIN held h ON h.tenant_id = i.tenant_id AND h.idempotency_key = i.idempotency_key
    WHERE d.id IS NOT NULL OR h.id IS NOT NULL`;
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
