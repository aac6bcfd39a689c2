// Moves held increments onto their customer's draft invoice once there is one: into the draft's
// line of the same key (created if needed), or — when that line already has another price — into
// a line of its own ("<line>.at-<price>"), so every increment is billed at the price it was sent
// with. The moved increment keeps its id and idempotency key; the held row stays, marked attached.
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { newestDraftPerCustomer } from "@/lib/invoices/draft-queries";

export interface AttachScope {
  tenantId?: string;
  customerIds?: string[];
}

/** Returns how many increments were attached. Safe to run concurrently: rows are locked in id order and claimed once. */
export async function attachPendingUsage(scope: AttachScope = {}): Promise<number> {
  const tenantFilter = scope.tenantId ? Prisma.sql`AND p.tenant_id = ${scope.tenantId}::uuid` : Prisma.empty;
  const customerFilter = scope.customerIds ? Prisma.sql`AND p.customer_id = ANY(${scope.customerIds}::uuid[])` : Prisma.empty;
  // The newest draft of each customer with usage waiting.
  const drafts = Prisma.sql`
    drafts AS (${newestDraftPerCustomer(Prisma.sql`SELECT p.customer_id FROM pending_usage_increments p WHERE p.attached_at IS NULL ${tenantFilter} ${customerFilter}`, scope.tenantId)})`;
  // Each waiting row with its customer's newest draft and the line key it will land on.
  const waiting = Prisma.sql`
    WITH ${drafts},
    waiting AS (
      SELECT p.id, p.tenant_id, p.description, p.unit_amount, p.created_at, d.invoice_id, d.currency,
             CASE WHEN l.id IS NULL OR l.unit_amount = p.unit_amount THEN p.line_key ELSE p.line_key || '.at-' || p.unit_amount::text END AS line_key
      FROM pending_usage_increments p
      JOIN drafts d ON d.customer_id = p.customer_id
      LEFT JOIN usage_lines l ON l.invoice_id = d.invoice_id AND l.line_key = p.line_key
      WHERE p.attached_at IS NULL ${tenantFilter} ${customerFilter}
    )`;
  // Runs on every sync tick, and nothing is held most of the time: one cheap look before the work.
  const [held] = await db().$queryRaw<{ any: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM pending_usage_increments p WHERE p.attached_at IS NULL ${tenantFilter} ${customerFilter}) AS any`;
  if (!held?.any) return 0;
  return db().$transaction(async (tx) => {
    // Lines first: the earliest held increment of a key sets the price of a new line.
    await tx.$executeRaw`
      ${waiting}
      INSERT INTO usage_lines (tenant_id, invoice_id, line_key, description, unit_amount, currency)
      SELECT DISTINCT ON (w.invoice_id, w.line_key) w.tenant_id, w.invoice_id, w.line_key, w.description, w.unit_amount, w.currency
      FROM waiting w ORDER BY w.invoice_id, w.line_key, w.created_at, w.id
      ON CONFLICT (invoice_id, line_key) DO NOTHING`;
    // A line created just now by the first key can carry another held price of the same key:
    // those rows go to their own ".at-<price>" line (the next statement matches on price).
    await tx.$executeRaw`
      ${waiting}
      INSERT INTO usage_lines (tenant_id, invoice_id, line_key, description, unit_amount, currency)
      SELECT DISTINCT ON (w.invoice_id, w.line_key) w.tenant_id, w.invoice_id, w.line_key, w.description, w.unit_amount, w.currency
      FROM waiting w JOIN usage_lines l ON l.invoice_id = w.invoice_id AND l.line_key = w.line_key AND l.unit_amount <> w.unit_amount
      ORDER BY w.invoice_id, w.line_key, w.created_at, w.id
      ON CONFLICT (invoice_id, line_key) DO NOTHING`;
    // The drafts are locked (FOR SHARE) and re-checked: a finalization waits for this commit, so the
    // sync's close-out of the invoice sees what was attached; a draft closed meanwhile gets nothing.
    const moved = await tx.$queryRaw<{ count: bigint }[]>`
      WITH ${drafts},
      open_drafts AS (
        SELECT inv.id FROM invoices inv
        WHERE inv.id IN (SELECT invoice_id FROM drafts) AND inv.status = 'draft' AND inv.deleted_at IS NULL
        ORDER BY inv.id
        FOR SHARE
      ),
      targets AS (
        SELECT p.id, l.id AS line_id
        FROM pending_usage_increments p
        JOIN drafts d ON d.customer_id = p.customer_id AND d.invoice_id IN (SELECT id FROM open_drafts)
        JOIN usage_lines l ON l.invoice_id = d.invoice_id AND l.unit_amount = p.unit_amount
          AND (l.line_key = p.line_key OR l.line_key = p.line_key || '.at-' || p.unit_amount::text)
        WHERE p.attached_at IS NULL ${tenantFilter} ${customerFilter}
        ORDER BY p.id, (l.line_key = p.line_key) DESC
        FOR UPDATE OF p
      ),
      claimed AS (
        UPDATE pending_usage_increments p SET attached_at = now(), attached_line_id = t.line_id
        FROM (SELECT DISTINCT ON (id) id, line_id FROM targets ORDER BY id) t
        WHERE p.id = t.id AND p.attached_at IS NULL
        RETURNING p.id, p.tenant_id, p.attached_line_id, p.quantity, p.idempotency_key, p.source, p.actor, p.reason, p.created_at
      ),
      inserted AS (
        INSERT INTO usage_increments (id, tenant_id, usage_line_id, quantity, idempotency_key, source, actor, reason, created_at)
        SELECT id, tenant_id, attached_line_id, quantity, idempotency_key, source, actor, reason, created_at FROM claimed
        ON CONFLICT DO NOTHING
        RETURNING id
      )
      SELECT count(*) AS count FROM inserted`;
    return Number(moved[0]?.count ?? 0);
  });
}
