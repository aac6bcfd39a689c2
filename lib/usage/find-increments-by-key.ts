// Recorded increments by their idempotency keys, wherever they are: on a draft's line (with the
// invoice's status) or held for the customer's next draft. usage_idempotency_keys names the
// increment of each key; a held increment attached to a draft keeps its id and is read from its line.
import { Prisma } from "@/lib/db/generated/client";

export interface IncrementByKey {
  idempotencyKey: string;
  id: bigint;
  quantity: number;
  source: string;
  customerId: string;
  /** The line key it was sent with (held usage attached beside a line of another price keeps it). */
  lineKey: string;
  description: string;
  unitAmount: bigint;
  /** The draft's line and invoice; null while held. */
  usageLineId: string | null;
  invoiceId: string | null;
}

/**
 * The increments recorded under `keys` in the tenant. With `lock`, each key's row is locked until
 * the transaction ends (FOR UPDATE), so what is done to one increment is done one at a time.
 */
export async function findIncrementsByKey(
  client: Pick<Prisma.TransactionClient, "$queryRaw">,
  tenantId: string,
  keys: string[],
  { lock = false }: { lock?: boolean } = {},
): Promise<Map<string, IncrementByKey>> {
  if (keys.length === 0) return new Map();
  const rows = await client.$queryRaw<IncrementByKey[]>`
    SELECT k.idempotency_key AS "idempotencyKey", k.increment_id AS id, COALESCE(u.quantity, p.quantity) AS quantity,
           COALESCE(u.source, p.source) AS source, COALESCE(inv.customer_id, p.customer_id) AS "customerId",
           COALESCE(p.line_key, l.line_key) AS "lineKey", COALESCE(l.description, p.description) AS description,
           COALESCE(l.unit_amount, p.unit_amount) AS "unitAmount",
           l.id AS "usageLineId", l.invoice_id AS "invoiceId"
    FROM usage_idempotency_keys k
    LEFT JOIN usage_increments u ON u.id = k.increment_id
    LEFT JOIN usage_lines l ON l.id = u.usage_line_id
    LEFT JOIN invoices inv ON inv.id = l.invoice_id
    LEFT JOIN pending_usage_increments p ON p.id = k.increment_id
    WHERE k.tenant_id = ${tenantId}::uuid AND k.idempotency_key = ANY(${keys}::text[]) AND (u.id IS NOT NULL OR p.id IS NOT NULL)
    ${lock ? Prisma.sql`FOR UPDATE OF k` : Prisma.empty}`;
  return new Map(rows.map((row) => [row.idempotencyKey, row]));
}
