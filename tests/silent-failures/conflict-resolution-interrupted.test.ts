// Silent-failure catalog: "accept theirs" interrupted between closing the conflict and applying
// Stripe's version (a crash, a failed write). The resolution is one transaction, so the conflict
// stays open with nothing half-applied, and support can resolve it again.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setUsageLineQuantity } from "@/lib/invoices/intervene-on-invoice";
import { resolveConflict } from "@/lib/conflicts/resolve-conflict";
import { getStripe } from "@/lib/stripe/client";
import { runBillingSync } from "@/lib/billing-sync/run-billing-sync";
import { StripeGuard, setStripeGuard } from "@/lib/billing-sync/stripe-guard";
import { recordUsage } from "@/lib/usage/record-usage";
import { createDraftThroughStripe, usage } from "../billing-sync/helpers";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";

// Serve only the Stripe event functions: the crons are not under test here.
vi.mock("@/inngest/index", async (importOriginal) => {
  const { stripeEventFunctions } = await importOriginal<typeof import("@/inngest/index")>();
  return { stripeEventFunctions, functions: stripeEventFunctions };
});

let pipeline: Pipeline;
const support = { email: "support@ledgerline.test" };

beforeAll(async () => {
  pipeline = await startPipeline();
  setStripeGuard(new StripeGuard({ ratePerSecond: 1000, failureThreshold: 3, halfOpenAfterMs: 100, maxRateLimitRetries: 2 }));
});

afterAll(async () => {
  setStripeGuard(undefined);
  await pipeline.close();
});

/** A synced draft of 10 × 5, a support change to 4 not yet pushed, then Stripe's own change to 20. */
async function openConflict(slug: string) {
  const draft = await createDraftThroughStripe(pipeline, slug);
  for (let n = 0; n < 10; n++) await recordUsage(usage(draft.stripeCustomerId, n, "calls", 5), { tenantId: draft.tenantId, source: "server", actor: "test" });
  await runBillingSync({ tenantId: draft.tenantId });
  await pipeline.settle();
  const prisma = pipeline.database.prisma;
  const line = await prisma.usageLine.findFirstOrThrow({ where: { invoiceId: draft.invoice.id } });
  const invoice = await prisma.invoice.findUniqueOrThrow({ where: { id: draft.invoice.id } });
  await setUsageLineQuantity({ invoiceId: invoice.id, usageLineId: line.id, quantity: 4, reason: "refund of a bad batch", expectedVersion: invoice.version }, support);
  await getStripe().invoiceItems.update(line.stripeItemId ?? "", { quantity: 20 });
  await pipeline.settle();
  const conflict = await prisma.syncConflict.findFirstOrThrow({ where: { invoiceId: draft.invoice.id, status: "open" } });
  return { invoiceId: draft.invoice.id, lineId: line.id, conflictId: conflict.id };
}

/** Makes every write of Stripe's version to this invoice fail, as if the process died there. */
async function failInvoiceWrites(invoiceId: string): Promise<() => Promise<void>> {
  const connection = pipeline.database.connection;
  await connection.query(`CREATE OR REPLACE FUNCTION "fail_invoice_write"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure: the process died here'; END $$`);
  await connection.query(`CREATE TRIGGER "fail_invoice_write" BEFORE UPDATE ON "invoices" FOR EACH ROW WHEN (OLD."id" = '${invoiceId}'::uuid) EXECUTE FUNCTION "fail_invoice_write"()`);
  return async () => {
    await connection.query(`DROP TRIGGER "fail_invoice_write" ON "invoices"`);
  };
}

async function stateOf(invoiceId: string, lineId: string, conflictId: string) {
  const prisma = pipeline.database.prisma;
  return {
    conflict: (await prisma.syncConflict.findUniqueOrThrow({ where: { id: conflictId } })).status,
    total: Number((await prisma.invoice.findUniqueOrThrow({ where: { id: invoiceId } })).total),
    usage: (await prisma.usageIncrement.aggregate({ where: { usageLineId: lineId }, _sum: { quantity: true } }))._sum.quantity,
    localChangePending: (await prisma.invoiceSyncState.findUniqueOrThrow({ where: { invoiceId } })).localChangePending,
    accepted: await prisma.auditEvent.count({ where: { entityId: invoiceId, eventType: "invoice.conflict_accepted_theirs" } }),
  };
}

describe("accept theirs interrupted after its first write", () => {
  it("leaves the conflict open and nothing of Stripe's version half-applied; a second try resolves it once", async () => {
    const { invoiceId, lineId, conflictId } = await openConflict("conflict-interrupted");
    const before = await stateOf(invoiceId, lineId, conflictId);
    expect(before).toMatchObject({ conflict: "open", total: 50, usage: 4, localChangePending: true, accepted: 0 });

    const restore = await failInvoiceWrites(invoiceId);
    try {
      await expect(resolveConflict({ conflictId, resolution: "accept_theirs" }, support)).rejects.toThrow(/injected failure/);
    } finally {
      await restore();
    }
    expect(await stateOf(invoiceId, lineId, conflictId)).toEqual(before);

    await resolveConflict({ conflictId, resolution: "accept_theirs" }, support);
    expect(await stateOf(invoiceId, lineId, conflictId)).toEqual({ conflict: "accepted_theirs", total: 100, usage: 20, localChangePending: false, accepted: 1 });
  });
});
