// Conflicts: a Stripe change to an invoice with an unsynced support change is kept aside with a
// field diff instead of overwriting it; both resolutions. Drift: reconciliation records what
// differs between a local invoice and Stripe's. Stale-data fallback: the billing view renders
// from local data when Stripe is unreachable.
import "../support/daily-sync-cron";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { loadBillingView } from "@/lib/billing/billing-view";
import { setUsageLineQuantity } from "@/lib/invoices/intervene-on-invoice";
import { reconcileInvoices } from "@/lib/reconciliation/reconcile-invoices";
import { resolveConflict } from "@/lib/conflicts/resolve-conflict";
import { getStripe, setStripe } from "@/lib/stripe/client";
import { runBillingSync } from "@/lib/billing-sync/run-billing-sync";
import { StripeGuard, setStripeGuard } from "@/lib/billing-sync/stripe-guard";
import { getCurrentPeriodForTenant } from "@/lib/usage/queries";
import { recordUsage } from "@/lib/usage/record-usage";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { createDraftThroughStripe, usage } from "../billing-sync/helpers";

// Serve only the Stripe event functions and the sync: other areas' functions are not under test here.
vi.mock("@/inngest/index", async (importOriginal) => {
  const { stripeEventFunctions } = await importOriginal<typeof import("@/inngest/index")>();
  const { syncBillingFunction } = await import("@/inngest/functions/sync-billing");
  return { stripeEventFunctions, functions: [...stripeEventFunctions, syncBillingFunction] };
});

let pipeline: Pipeline;
const support = { email: "support@ledgerline.test" };

/** A synced draft with one usage line of 10 × 5, then a support change to 4 not yet pushed. */
async function draftWithPendingSupportChange(slug: string) {
  const draft = await createDraftThroughStripe(pipeline, slug);
  for (let n = 0; n < 10; n++) await recordUsage(usage(draft.stripeCustomerId, n, "calls", 5), { tenantId: draft.tenantId, source: "server", actor: "test" });
  await runBillingSync({ tenantId: draft.tenantId });
  await pipeline.settle();
  const prisma = pipeline.database.prisma;
  const line = await prisma.usageLine.findFirstOrThrow({ where: { invoiceId: draft.invoice.id } });
  const invoice = await prisma.invoice.findUniqueOrThrow({ where: { id: draft.invoice.id } });
  await setUsageLineQuantity({ invoiceId: invoice.id, usageLineId: line.id, quantity: 4, reason: "refund of a bad batch", expectedVersion: invoice.version }, support);
  return { ...draft, line };
}

/** Someone changes the item directly in Stripe (not through Ledgerline's sync). */
async function changeInStripe(itemId: string, quantity: number) {
  await getStripe().invoiceItems.update(itemId, { quantity });
  await pipeline.settle();
}

beforeAll(async () => {
  pipeline = await startPipeline();
});

afterAll(async () => {
  setStripeGuard(undefined);
  await pipeline.close();
});

beforeEach(() => {
  setStripeGuard(new StripeGuard({ ratePerSecond: 1000, failureThreshold: 3, halfOpenAfterMs: 100, maxRateLimitRetries: 2 }));
});

describe("conflicts", () => {
  it("refuses a support change against an outdated version", async () => {
    const draft = await createDraftThroughStripe(pipeline, "conflict-version");
    await recordUsage(usage(draft.stripeCustomerId, 1, "calls", 5), { tenantId: draft.tenantId, source: "server", actor: "test" });
    const line = await pipeline.database.prisma.usageLine.findFirstOrThrow({ where: { invoiceId: draft.invoice.id } });
    await expect(
      setUsageLineQuantity({ invoiceId: draft.invoice.id, usageLineId: line.id, quantity: 0, reason: "x", expectedVersion: draft.invoice.version - 1 }, support),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("keeps a Stripe change aside when a local change is unsynced; keep-ours writes ours back", async () => {
    const draft = await draftWithPendingSupportChange("conflict-ours");
    await changeInStripe(draft.line.stripeItemId ?? "", 20);
    const prisma = pipeline.database.prisma;
    const conflict = await prisma.syncConflict.findFirstOrThrow({ where: { invoiceId: draft.invoice.id } });
    expect(conflict).toMatchObject({ status: "open", localActor: support.email });
    expect(conflict.diff).toEqual(expect.arrayContaining([expect.objectContaining({ field: "total", ours: 50, theirs: 100 })]));
    // Not overwritten: the local invoice still shows Stripe's previous state.
    expect((await prisma.invoice.findUniqueOrThrow({ where: { id: draft.invoice.id } })).total).toBe(BigInt(50));

    await resolveConflict({ conflictId: conflict.id, resolution: "keep_ours" }, support);
    await runBillingSync({ tenantId: draft.tenantId });
    await pipeline.settle();
    const stripeInvoice = await getStripe().invoices.retrieve(draft.stripeInvoiceId);
    expect(stripeInvoice.total).toBe(4 * 5);
    expect((await prisma.invoice.findUniqueOrThrow({ where: { id: draft.invoice.id } })).total).toBe(BigInt(20));
    await expect(resolveConflict({ conflictId: conflict.id, resolution: "accept_theirs" }, support)).rejects.toMatchObject({ code: "conflict" });
  });

  it("accept-theirs applies Stripe's snapshot and aligns the usage line with it", async () => {
    const draft = await draftWithPendingSupportChange("conflict-theirs");
    await changeInStripe(draft.line.stripeItemId ?? "", 20);
    const prisma = pipeline.database.prisma;
    const conflict = await prisma.syncConflict.findFirstOrThrow({ where: { invoiceId: draft.invoice.id } });

    await resolveConflict({ conflictId: conflict.id, resolution: "accept_theirs" }, support);
    expect((await prisma.invoice.findUniqueOrThrow({ where: { id: draft.invoice.id } })).total).toBe(BigInt(100));
    const [period] = await getCurrentPeriodForTenant(draft.tenantId);
    expect(period).toMatchObject({ total: 100, pendingAmount: 0 });
    expect(await runBillingSync({ tenantId: draft.tenantId })).toMatchObject({ stripeCalls: 0 });
    expect((await getStripe().invoices.retrieve(draft.stripeInvoiceId)).total).toBe(100);
    const audit = await prisma.auditEvent.findFirst({ where: { entityId: draft.invoice.id, eventType: "invoice.conflict_accepted_theirs" } });
    expect(audit?.actor).toBe(support.email);
  });

  it("applies Stripe changes normally when nothing local is pending", async () => {
    const draft = await createDraftThroughStripe(pipeline, "conflict-none");
    await recordUsage(usage(draft.stripeCustomerId, 1, "calls", 5), { tenantId: draft.tenantId, source: "server", actor: "test" });
    await runBillingSync({ tenantId: draft.tenantId });
    await pipeline.settle();
    const line = await pipeline.database.prisma.usageLine.findFirstOrThrow({ where: { invoiceId: draft.invoice.id } });
    await changeInStripe(line.stripeItemId ?? "", 3);
    expect(await pipeline.database.prisma.syncConflict.count({ where: { invoiceId: draft.invoice.id } })).toBe(0);
    expect((await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { id: draft.invoice.id } })).total).toBe(BigInt(15));
  });
});

describe("reconciliation", () => {
  it("records amount and extra-item drift for a change Stripe never told us about", async () => {
    const draft = await createDraftThroughStripe(pipeline, "drift");
    // Written straight into the simulator's store: no webhook reaches Ledgerline.
    pipeline.simulator.store.seedInvoiceItem({ customer: draft.stripeCustomerId, invoice: draft.stripeInvoiceId, amount: 700, description: "added behind our back" });
    const report = await reconcileInvoices([draft.invoice.id], "test-run");
    expect(report.drifts.map((d) => d.kind).sort()).toEqual(["amount", "extra_item"]);
    const stored = await pipeline.database.prisma.reconciliationDrift.findMany({ where: { invoiceId: draft.invoice.id } });
    expect(stored.find((d) => d.kind === "amount")).toMatchObject({ localValue: "0", stripeValue: "700" });
  });

  it("records nothing for an invoice that agrees with Stripe", async () => {
    const draft = await createDraftThroughStripe(pipeline, "no-drift");
    const report = await reconcileInvoices([draft.invoice.id], "test-run-2");
    expect(report.drifts).toEqual([]);
  });
});

describe("stale-data fallback", () => {
  it("renders the billing view from local data while Stripe is unreachable", async () => {
    const draft = await createDraftThroughStripe(pipeline, "stale");
    await recordUsage(usage(draft.stripeCustomerId, 1, "calls", 5), { tenantId: draft.tenantId, source: "server", actor: "test" });
    const working = getStripe();
    setStripe(new Stripe("sk_test_unreachable", { host: "127.0.0.1", port: 9, protocol: "http", maxNetworkRetries: 0, timeout: 500 }));
    try {
      const report = await runBillingSync({ tenantId: draft.tenantId });
      expect(report.failed).toBe(1);
      const view = await loadBillingView(draft.tenantId);
      expect(view.currentPeriod[0]).toMatchObject({ total: 5, pendingAmount: 5 });
      expect(view.sync.lastError).toBeTruthy();
      expect(view.invoices.length).toBeGreaterThan(0);
    } finally {
      setStripe(working);
    }
  });
});
