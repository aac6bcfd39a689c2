// Held usage reaches Stripe like the rest: recorded while the customer has no draft, attached to
// the draft Stripe opens next by the compiled sync, pushed in the same run — still at most two
// Stripe calls for the invoice — and the local total equals Stripe's.
import "../support/daily-sync-cron";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runBillingSync } from "@/lib/billing-sync/run-billing-sync";
import { StripeGuard, setStripeGuard } from "@/lib/billing-sync/stripe-guard";
import { getStripe } from "@/lib/stripe/client";
import { getCurrentPeriodForTenant } from "@/lib/usage/queries";
import { ingestUsage } from "@/lib/usage/record-usage";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { increment } from "./helpers";

// Serve only the Stripe event functions and the sync: other areas' functions are not under test here.
vi.mock("@/inngest/index", async (importOriginal) => {
  const { stripeEventFunctions } = await importOriginal<typeof import("@/inngest/index")>();
  const { syncBillingFunction } = await import("@/inngest/functions/sync-billing");
  return { stripeEventFunctions, functions: [...stripeEventFunctions, syncBillingFunction] };
});

let pipeline: Pipeline;

beforeAll(async () => {
  pipeline = await startPipeline();
  setStripeGuard(new StripeGuard({ ratePerSecond: 1000, failureThreshold: 3, halfOpenAfterMs: 150, maxRateLimitRetries: 4 }));
});

afterAll(async () => {
  setStripeGuard(undefined);
  await pipeline.close();
});

describe("usage held for the next draft", () => {
  it("is attached and pushed by the next sync in at most two Stripe calls", async () => {
    const stripeCustomerId = pipeline.createCustomer("held-sync");
    await pipeline.settle();
    const customer = await pipeline.database.prisma.customer.findUniqueOrThrow({ where: { stripeCustomerId } });
    const inputs = Array.from({ length: 50 }, (_, n) => increment(stripeCustomerId, `held-sync-${n}`, 1 + (n % 3)));
    const outcomes = await ingestUsage(inputs, { tenantId: customer.tenantId, source: "server", actor: "test" });
    expect(outcomes.every((o) => o.status === "recorded" && o.pending)).toBe(true);
    const quantity = inputs.reduce((sum, i) => sum + i.quantity, 0);

    // Nothing to push yet: no draft, no Stripe call.
    const idle = pipeline.simulator.calls.total();
    expect(await runBillingSync({ tenantId: customer.tenantId })).toMatchObject({ invoices: 0, stripeCalls: 0 });
    expect(pipeline.simulator.calls.total()).toBe(idle);

    const draft = await getStripe().invoices.create({ customer: stripeCustomerId, auto_advance: false });
    await pipeline.settle();
    const before = pipeline.simulator.calls.total();
    const report = await runBillingSync({ tenantId: customer.tenantId });
    expect(report).toMatchObject({ pushed: 1, failed: 0 });
    expect(report.stripeCalls).toBeLessThanOrEqual(2);
    expect(pipeline.simulator.calls.total() - before).toBe(report.stripeCalls);
    await pipeline.settle();

    const stripeInvoice = await getStripe().invoices.retrieve(draft.id);
    expect(stripeInvoice.total).toBe(quantity * 3);
    const [period] = await getCurrentPeriodForTenant(customer.tenantId);
    expect(Number(period?.total)).toBe(stripeInvoice.total);
    expect(Number(period?.pendingAmount)).toBe(0);
  });

  it("carries usage Stripe never got, because the invoice closed first, to the next invoice", async () => {
    const first = await createDraft("carry-over");
    const by = { tenantId: first.tenantId, source: "server" as const, actor: "test" };
    await ingestUsage(Array.from({ length: 10 }, (_, n) => increment(first.stripeCustomerId, `carry-synced-${n}`, 2)), by);
    await runBillingSync({ tenantId: first.tenantId });
    // Recorded on the draft, but Stripe finalizes it before the next sync.
    await ingestUsage(Array.from({ length: 5 }, (_, n) => increment(first.stripeCustomerId, `carry-late-${n}`, 3)), by);
    await getStripe().invoices.finalizeInvoice(first.stripeInvoiceId);
    await pipeline.settle();
    await runBillingSync({ tenantId: first.tenantId });
    expect((await getStripe().invoices.retrieve(first.stripeInvoiceId)).total).toBe(10 * 2 * 3);

    const next = await getStripe().invoices.create({ customer: first.stripeCustomerId, auto_advance: false });
    await pipeline.settle();
    const report = await runBillingSync({ tenantId: first.tenantId });
    expect(report.stripeCalls).toBeLessThanOrEqual(2);
    // Seen once in CI (0 instead of 45) and not reproduced since: the message carries what a rerun cannot show.
    const state = await carryOverState(first.invoiceId, first.tenantId);
    expect((await getStripe().invoices.retrieve(next.id)).total, `sync ${JSON.stringify(report)}; ${state}`).toBe(5 * 3 * 3);
    // The closed invoice's local total agrees with Stripe's; nothing is counted twice.
    const closedLine = await pipeline.database.prisma.usageIncrement.aggregate({ where: { line: { invoiceId: first.invoiceId } }, _sum: { quantity: true } });
    expect(closedLine._sum.quantity).toBe(10 * 2);
    expect(await runBillingSync({ tenantId: first.tenantId })).toMatchObject({ stripeCalls: 0 });
  });

  it("carries usage whose push Stripe refused because it had finalized the invoice before we knew", async () => {
    const first = await createDraft("refused-push");
    const by = { tenantId: first.tenantId, source: "server" as const, actor: "test" };
    await ingestUsage(Array.from({ length: 10 }, (_, n) => increment(first.stripeCustomerId, `refused-synced-${n}`, 2)), by);
    await runBillingSync({ tenantId: first.tenantId });
    await pipeline.settle();
    await ingestUsage(Array.from({ length: 5 }, (_, n) => increment(first.stripeCustomerId, `refused-late-${n}`, 3)), by);
    // Stripe finalizes, and the sync runs before the event says so: the local row is still a draft.
    await getStripe().invoices.finalizeInvoice(first.stripeInvoiceId);
    const refused = await runBillingSync({ tenantId: first.tenantId });
    expect(refused).toMatchObject({ failed: 1 });
    await pipeline.settle();
    await runBillingSync({ tenantId: first.tenantId });
    expect((await getStripe().invoices.retrieve(first.stripeInvoiceId)).total).toBe(10 * 2 * 3);

    const next = await getStripe().invoices.create({ customer: first.stripeCustomerId, auto_advance: false });
    await pipeline.settle();
    await runBillingSync({ tenantId: first.tenantId });
    expect((await getStripe().invoices.retrieve(next.id)).total, await carryOverState(first.invoiceId, first.tenantId)).toBe(5 * 3 * 3);
  });
});

async function createDraft(slug: string) {
  const stripeCustomerId = pipeline.createCustomer(slug);
  await pipeline.settle();
  const draft = await getStripe().invoices.create({ customer: stripeCustomerId, auto_advance: false });
  await pipeline.settle();
  const invoice = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: draft.id } });
  return { stripeCustomerId, stripeInvoiceId: draft.id, invoiceId: invoice.id, tenantId: invoice.tenantId };
}

/** The close-out state of an invoice and the tenant's held usage, for a failure message. */
async function carryOverState(invoiceId: string, tenantId: string): Promise<string> {
  const { prisma } = pipeline.database;
  const invoice = await prisma.invoice.findUniqueOrThrow({ where: { id: invoiceId }, select: { status: true } });
  const closure = await prisma.usageInvoiceClosure.findMany({ where: { invoiceId } });
  const lines = await prisma.usageLine.findMany({ where: { tenantId }, select: { invoiceId: true, syncedQuantity: true, pendingOp: true, stripeItemId: true } });
  const held = await prisma.pendingUsageIncrement.findMany({ where: { tenantId }, select: { quantity: true, attachedAt: true, attachedLineId: true } });
  return JSON.stringify({ closedInvoice: invoice.status, closure, lines, held }, (_, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}
