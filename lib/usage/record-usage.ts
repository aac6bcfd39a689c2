// Records one billable increment in the database: find the customer's draft invoice, its usage
// line (created on first use, price fixed from then on) and append the increment once per
// idempotency key. Never calls Stripe: the compiled sync pushes the totals later.
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import type { UsageIncrementInput } from "./schemas";

export interface RecordUsageResult {
  incrementId: string;
  usageLineId: string;
  invoiceId: string;
  /** True when this idempotency key was already recorded: nothing new was written. */
  duplicate: boolean;
}

export interface UsageActor {
  tenantId: string;
  source: "api" | "server";
  actor: string;
}

async function findDraftInvoice(tx: Prisma.TransactionClient, tenantId: string, input: UsageIncrementInput) {
  const customer = await tx.customer.findFirst({ where: { tenantId, stripeCustomerId: input.customer, deleted: false }, select: { id: true } });
  if (!customer) throw new AppError("not_found", `No customer ${input.customer} in this tenant.`);
  const invoice = await tx.invoice.findFirst({
    where: { tenantId, customerId: customer.id, deletedAt: null, ...(input.invoice ? { stripeInvoiceId: input.invoice } : { status: "draft" }) },
    orderBy: [{ stripeCreatedAt: "desc" }, { id: "desc" }],
    select: { id: true, status: true, currency: true },
  });
  if (!invoice) throw new AppError(input.invoice ? "not_found" : "conflict", input.invoice ? `No invoice ${input.invoice} for this customer.` : "This customer has no draft invoice to add usage to.");
  if (invoice.status !== "draft") throw new AppError("conflict", "The invoice is no longer a draft: its items are frozen.");
  return invoice;
}

async function findOrCreateLine(tx: Prisma.TransactionClient, tenantId: string, invoice: { id: string; currency: string }, input: UsageIncrementInput) {
  await tx.usageLine.createMany({
    data: [{ tenantId, invoiceId: invoice.id, lineKey: input.line, description: input.description, unitAmount: input.unitAmount, currency: invoice.currency }],
    skipDuplicates: true,
  });
  const line = await tx.usageLine.findUniqueOrThrow({ where: { invoiceId_lineKey: { invoiceId: invoice.id, lineKey: input.line } }, select: { id: true, unitAmount: true } });
  if (line.unitAmount !== input.unitAmount) {
    throw new AppError("conflict", `Line "${input.line}" is priced at ${line.unitAmount} per unit on this invoice; send that unitAmount or use another line.`);
  }
  return line;
}

export async function recordUsage(input: UsageIncrementInput, by: UsageActor): Promise<RecordUsageResult> {
  return db().$transaction(async (tx) => {
    const existing = await tx.usageIncrement.findUnique({
      where: { tenantId_idempotencyKey: { tenantId: by.tenantId, idempotencyKey: input.idempotencyKey } },
      select: { id: true, quantity: true, line: { select: { id: true, invoiceId: true, lineKey: true } } },
    });
    if (existing) {
      if (existing.quantity !== input.quantity || existing.line.lineKey !== input.line) {
        throw new AppError("conflict", "This idempotency key was already used for a different increment.");
      }
      return { incrementId: existing.id.toString(), usageLineId: existing.line.id, invoiceId: existing.line.invoiceId, duplicate: true };
    }
    const invoice = await findDraftInvoice(tx, by.tenantId, input);
    const line = await findOrCreateLine(tx, by.tenantId, invoice, input);
    const inserted = await tx.$queryRaw<{ id: bigint }[]>`
      INSERT INTO usage_increments (tenant_id, usage_line_id, quantity, idempotency_key, source, actor)
      VALUES (${by.tenantId}::uuid, ${line.id}::uuid, ${input.quantity}, ${input.idempotencyKey}, ${by.source}, ${by.actor})
      ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
      RETURNING id`;
    const id = inserted[0]?.id;
    // A concurrent request with the same key won the insert: this one is its replay.
    if (id === undefined) {
      const winner = await tx.usageIncrement.findUniqueOrThrow({ where: { tenantId_idempotencyKey: { tenantId: by.tenantId, idempotencyKey: input.idempotencyKey } }, select: { id: true } });
      return { incrementId: winner.id.toString(), usageLineId: line.id, invoiceId: invoice.id, duplicate: true };
    }
    return { incrementId: id.toString(), usageLineId: line.id, invoiceId: invoice.id, duplicate: false };
  });
}
