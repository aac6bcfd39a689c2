// Where each increment of a request goes: its customer, and the line of the customer's draft
// invoice (created on first use, price fixed from then on) — or no line, when the customer has no
// draft yet and the increment is held for the next one. Lookups are cached, so in the common case
// resolving a whole batch costs no round trip; misses are resolved for the whole batch at once.
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { newestDraftPerCustomer } from "@/lib/invoices/draft-queries";
import { attachPendingUsage } from "./attach-pending-usage";
import { LookupCache } from "./lookup-cache";
import type { UsageIncrementInput } from "./schemas";

export interface IncrementTarget {
  customerId: string;
  /** The draft's line, or null: held for the customer's next draft invoice. */
  line: { id: string; invoiceId: string } | null;
}

export type Resolution = { ok: true; target: IncrementTarget } | { ok: false; error: AppError };

interface Draft {
  invoiceId: string;
  currency: string;
}

// Customers rarely change; a draft appears or closes a few times a month per customer, and a stale
// answer only ever sends an increment to the pending queue (see lookup-cache.ts).
const customers = new LookupCache<string | null>(60_000);
const drafts = new LookupCache<Draft | null>(2_000);
const lines = new LookupCache<{ id: string; unitAmount: string }>(10 * 60_000);
const NO_CUSTOMER_TTL_MS = 1_000;
const NO_DRAFT_TTL_MS = 1_000;

/** Forgets what is known about a customer's draft (its status changed, or an increment found it gone). */
export function forgetCustomerDraft(customerId: string): void {
  drafts.delete(customerId);
}

/** Empties every lookup cache (tests that rewrite rows behind the application's back). */
export function clearUsageLookups(): void {
  customers.clear();
  drafts.clear();
  lines.clear();
}

async function resolveCustomers(tenantId: string, stripeIds: string[]): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  const missing: string[] = [];
  for (const id of new Set(stripeIds)) {
    const cached = customers.get(`${tenantId}:${id}`);
    if (cached === undefined) missing.push(id);
    else found.set(id, cached);
  }
  if (missing.length > 0) {
    const rows = await db().$queryRaw<{ id: string; stripeCustomerId: string }[]>`
      SELECT id, stripe_customer_id AS "stripeCustomerId" FROM customers
      WHERE tenant_id = ${tenantId}::uuid AND stripe_customer_id = ANY(${missing}::text[]) AND NOT deleted`;
    for (const id of missing) {
      const row = rows.find((r) => r.stripeCustomerId === id);
      found.set(id, row?.id ?? null);
      customers.set(`${tenantId}:${id}`, row?.id ?? null, row ? undefined : NO_CUSTOMER_TTL_MS);
    }
  }
  return found;
}

/** Each customer's newest draft; customers whose draft was just found get their pending usage attached. */
async function resolveDrafts(tenantId: string, customerIds: string[]): Promise<Map<string, Draft | null>> {
  const found = new Map<string, Draft | null>();
  const missing: string[] = [];
  for (const id of new Set(customerIds)) {
    const cached = drafts.get(id);
    if (cached === undefined) missing.push(id);
    else found.set(id, cached);
  }
  if (missing.length === 0) return found;
  const rows = await db().$queryRaw<{ customerId: string; invoiceId: string; currency: string; hasPending: boolean }[]>`
    WITH drafts AS (${newestDraftPerCustomer(Prisma.sql`SELECT unnest(${missing}::uuid[])`, tenantId)})
    SELECT d.customer_id AS "customerId", d.invoice_id AS "invoiceId", d.currency,
           EXISTS (SELECT 1 FROM pending_usage_increments p WHERE p.customer_id = d.customer_id AND p.attached_at IS NULL) AS "hasPending"
    FROM drafts d`;
  for (const id of missing) {
    const row = rows.find((r) => r.customerId === id);
    const draft = row ? { invoiceId: row.invoiceId, currency: row.currency } : null;
    found.set(id, draft);
    drafts.set(id, draft, draft ? undefined : NO_DRAFT_TTL_MS);
  }
  const withPending = rows.filter((r) => r.hasPending).map((r) => r.customerId);
  if (withPending.length > 0) await attachPendingUsage({ tenantId, customerIds: withPending });
  return found;
}

/** A named invoice (the `invoice` field): never cached, it must be this customer's draft now. */
async function resolveNamedInvoices(tenantId: string, stripeInvoiceIds: string[]) {
  if (stripeInvoiceIds.length === 0) return [];
  return db().$queryRaw<{ id: string; stripeInvoiceId: string; customerId: string; status: string; currency: string }[]>`
    SELECT id, stripe_invoice_id AS "stripeInvoiceId", customer_id AS "customerId", status::text AS status, currency
    FROM invoices WHERE tenant_id = ${tenantId}::uuid AND stripe_invoice_id = ANY(${[...new Set(stripeInvoiceIds)]}::text[]) AND deleted_at IS NULL`;
}

/** The line of `invoiceId` called `lineKey`, created with the first price it is sent with. */
async function resolveLines(tenantId: string, wanted: { invoiceId: string; currency: string; input: UsageIncrementInput }[]) {
  const missing = new Map<string, (typeof wanted)[number]>();
  for (const w of wanted) {
    const key = `${w.invoiceId}:${w.input.line}`;
    if (!lines.get(key) && !missing.has(key)) missing.set(key, w);
  }
  if (missing.size > 0) {
    const rows = [...missing.values()];
    await db().$executeRaw`
      INSERT INTO usage_lines (tenant_id, invoice_id, line_key, description, unit_amount, currency)
      SELECT ${tenantId}::uuid, t.invoice_id, t.line_key, t.description, t.unit_amount, t.currency
      FROM unnest(${rows.map((r) => r.invoiceId)}::uuid[], ${rows.map((r) => r.input.line)}::text[], ${rows.map((r) => r.input.description)}::text[],
                  ${rows.map((r) => String(r.input.unitAmount))}::bigint[], ${rows.map((r) => r.currency)}::text[])
        AS t(invoice_id, line_key, description, unit_amount, currency)
      ON CONFLICT (invoice_id, line_key) DO NOTHING`;
    const found = await db().$queryRaw<{ id: string; invoiceId: string; lineKey: string; unitAmount: string }[]>`
      SELECT l.id, l.invoice_id AS "invoiceId", l.line_key AS "lineKey", l.unit_amount::text AS "unitAmount"
      FROM usage_lines l JOIN unnest(${rows.map((r) => r.invoiceId)}::uuid[], ${rows.map((r) => r.input.line)}::text[]) AS t(invoice_id, line_key)
        ON l.invoice_id = t.invoice_id AND l.line_key = t.line_key`;
    for (const row of found) lines.set(`${row.invoiceId}:${row.lineKey}`, { id: row.id, unitAmount: row.unitAmount });
  }
  return (invoiceId: string, lineKey: string) => lines.get(`${invoiceId}:${lineKey}`);
}

export async function resolveTargets(tenantId: string, inputs: UsageIncrementInput[]): Promise<Resolution[]> {
  const customerIds = await resolveCustomers(tenantId, inputs.map((i) => i.customer));
  const [draftsByCustomer, named] = await Promise.all([
    resolveDrafts(tenantId, inputs.filter((i) => !i.invoice).flatMap((i) => customerIds.get(i.customer) ?? [])),
    resolveNamedInvoices(tenantId, inputs.flatMap((i) => (i.invoice && customerIds.get(i.customer) ? [i.invoice] : []))),
  ]);

  type Step = { error: AppError } | { customerId: string; draft: Draft | null };
  const steps: Step[] = inputs.map((input) => {
    const customerId = customerIds.get(input.customer);
    if (!customerId) return { error: new AppError("not_found", `No customer ${input.customer} in this tenant.`) };
    if (!input.invoice) return { customerId, draft: draftsByCustomer.get(customerId) ?? null };
    const invoice = named.find((n) => n.stripeInvoiceId === input.invoice && n.customerId === customerId);
    if (!invoice) return { error: new AppError("not_found", `No invoice ${input.invoice} for this customer.`) };
    if (invoice.status !== "draft") return { error: new AppError("conflict", "The invoice is no longer a draft: its items are frozen. Leave out `invoice` to bill the next one.") };
    return { customerId, draft: { invoiceId: invoice.id, currency: invoice.currency } };
  });

  const lineOf = await resolveLines(
    tenantId,
    steps.flatMap((step, index) => ("draft" in step && step.draft ? [{ invoiceId: step.draft.invoiceId, currency: step.draft.currency, input: inputs[index]! }] : [])),
  );
  return steps.map((step, index): Resolution => {
    if ("error" in step) return { ok: false, error: step.error };
    const input = inputs[index]!;
    if (!step.draft) return { ok: true, target: { customerId: step.customerId, line: null } };
    const line = lineOf(step.draft.invoiceId, input.line);
    if (!line) throw new Error(`usage line ${input.line} of invoice ${step.draft.invoiceId} was neither found nor created`);
    if (line.unitAmount !== String(input.unitAmount)) {
      return { ok: false, error: new AppError("conflict", `Line "${input.line}" is priced at ${line.unitAmount} per unit on this invoice; send that unitAmount or use another line.`) };
    }
    return { ok: true, target: { customerId: step.customerId, line: { id: line.id, invoiceId: step.draft.invoiceId } } };
  });
}
