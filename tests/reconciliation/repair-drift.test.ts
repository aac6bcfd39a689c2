// Repairing drift: Stripe changed behind Ledgerline's back (no event reached us) and holds an
// invoice we never stored. The reconciliation records it, support repairs all of it through the
// server action, the local copy then matches Stripe, the audit trail names who repaired what, and
// a second reconciliation finds nothing.
import { describe, expect, it, vi } from "vitest";
import { recordInvoicesMissingLocally } from "@/lib/reconciliation/find-invoices-missing-locally";
import { listInvoicesToReconcile, reconcileInvoices } from "@/lib/reconciliation/reconcile-invoices";
import { getStripe } from "@/lib/stripe/client";
import { paymentIdsOf } from "@ledgerline/stripe-simulator";
import { createDraftThroughStripe } from "../billing-sync/helpers";
import { sharedPipeline } from "./shared-pipeline";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string; email: string; name: string; role: string; tenantId: string | null } } }));
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getServerSession: async () => session.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

// Serve only the Stripe event functions: other areas' functions are not under test here.
vi.mock("@/inngest/index", async (importOriginal) => {
  const { stripeEventFunctions } = await importOriginal<typeof import("@/inngest/index")>();
  return { stripeEventFunctions, functions: stripeEventFunctions };
});

const pipeline = sharedPipeline();
const supportUser = { id: "00000000-0000-0000-0000-00000000c002", email: "support@ledgerline.test", name: "Support", role: "support", tenantId: null };

async function runReconciliation(runId: string) {
  const report = await reconcileInvoices(await listInvoicesToReconcile(), runId);
  const missing = await recordInvoicesMissingLocally(runId);
  return [...report.drifts, ...missing.drifts];
}

/** Compares the stored invoice (status, amounts, lines) with what Stripe says now. */
async function expectMirrorsStripe(stripeInvoiceId: string) {
  const stripe = await getStripe().invoices.retrieve(stripeInvoiceId);
  const local = await pipeline().database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId }, include: { lineItems: true } });
  expect({ status: local.status, total: Number(local.total), amountPaid: Number(local.amountPaid), amountRemaining: Number(local.amountRemaining) }).toEqual({
    status: stripe.status,
    total: stripe.total,
    amountPaid: stripe.amount_paid,
    amountRemaining: stripe.amount_remaining,
  });
  expect(local.lineItems.map((l) => l.stripeLineItemId).sort()).toEqual(stripe.lines.data.map((l) => l.id).sort());
  return local;
}

describe("repairing drift", () => {
  it("repairs every open drift from Stripe, audited, so a second reconciliation finds nothing", async () => {
    const store = pipeline().simulator.store;
    const raw = store.raw;
    const prisma = pipeline().database.prisma;

    // 1. An item added to a draft behind our back: amount and extra line.
    const added = await createDraftThroughStripe(pipeline(), "repair-added");
    store.seedInvoiceItem({ customer: added.stripeCustomerId, invoice: added.stripeInvoiceId, amount: 700, description: "added behind our back" });

    // 2. An item removed from a draft behind our back: amount and missing line.
    const removed = await createDraftThroughStripe(pipeline(), "repair-removed");
    const item = await getStripe().invoiceItems.create({ customer: removed.stripeCustomerId, invoice: removed.stripeInvoiceId, amount: 400, currency: "usd" });
    await pipeline().settle();
    expect((await prisma.invoice.findUniqueOrThrow({ where: { id: removed.invoice.id } })).total).toBe(BigInt(400));
    raw.invoiceItems.delete(item.id);
    const emptied = raw.invoices.get(removed.stripeInvoiceId);
    if (!emptied) throw new Error("the simulator lost the invoice");
    raw.invoices.set({ ...emptied, subtotal: 0, subtotal_excluding_tax: 0, total: 0, total_excluding_tax: 0, amount_due: 0, amount_remaining: 0 });

    // 3. An open invoice paid behind our back: status and amounts.
    const paid = await createDraftThroughStripe(pipeline(), "repair-paid");
    await getStripe().invoiceItems.create({ customer: paid.stripeCustomerId, invoice: paid.stripeInvoiceId, amount: 900, currency: "usd" });
    await getStripe().invoices.finalizeInvoice(paid.stripeInvoiceId);
    await pipeline().settle();
    const open = raw.invoices.get(paid.stripeInvoiceId);
    if (!open) throw new Error("the simulator lost the invoice");
    raw.invoices.set({
      ...open,
      status: "paid",
      amount_paid: open.amount_due,
      amount_remaining: 0,
      status_transitions: { ...open.status_transitions, paid_at: open.created },
    });

    // 4. An invoice only Stripe has, for a customer we know.
    const onlyInStripe = store.seedInvoice({ customer: added.stripeCustomerId, status: "open", items: [{ amount: 1_250, description: "never announced" }] });

    const drifts = await runReconciliation("repair-run-1");
    expect(drifts.map((d) => `${d.stripeInvoiceId}:${d.kind}`).sort()).toEqual(
      [
        `${added.stripeInvoiceId}:amount`,
        `${added.stripeInvoiceId}:extra_item`,
        `${removed.stripeInvoiceId}:amount`,
        `${removed.stripeInvoiceId}:missing_item`,
        `${paid.stripeInvoiceId}:status`,
        `${onlyInStripe.id}:extra_invoice`,
      ].sort(),
    );
    expect(await prisma.invoice.count({ where: { stripeInvoiceId: onlyInStripe.id } })).toBe(0);

    session.current = { user: supportUser };
    const { repairDriftAction } = await import("@/lib/reconciliation/actions");
    const result = await repairDriftAction({ scope: "all" });
    expect(result).toMatchObject({ ok: true, data: { repaired: 4, failed: [] } });

    for (const id of [added.stripeInvoiceId, removed.stripeInvoiceId, paid.stripeInvoiceId, onlyInStripe.id]) {
      const local = await expectMirrorsStripe(id);
      const repairs = await prisma.auditEvent.findMany({ where: { entityType: "invoice", entityId: local.id, eventType: "reconciliation.repaired" } });
      expect(repairs).toHaveLength(1);
      expect(repairs[0]).toMatchObject({ actor: supportUser.email, source: "support", tenantId: local.tenantId });
    }
    expect(await prisma.reconciliationDrift.count({ where: { repairedAt: null } })).toBe(0);
    // The invoice paid behind our back was read with its payments: a later refund of that payment
    // links to it without asking Stripe.
    const { paymentIntent } = paymentIdsOf(paid.stripeInvoiceId);
    expect(await prisma.invoicePaymentLink.findMany({ where: { paymentIntentId: paymentIntent }, select: { stripeInvoiceId: true } })).toEqual([{ stripeInvoiceId: paid.stripeInvoiceId }]);
    const repairedRows = await prisma.reconciliationDrift.findMany({ where: { runId: "repair-run-1" } });
    expect(repairedRows.every((d) => d.repairedBy === supportUser.email)).toBe(true);

    expect(await runReconciliation("repair-run-2")).toEqual([]);
    // Nothing left to repair: a second "repair all" changes nothing.
    expect(await repairDriftAction({ scope: "all" })).toMatchObject({ ok: true, data: { repaired: 0, failed: [] } });
  });

  it("repairs one invoice's drift on its own, and leaves an invoice Stripe lost open", async () => {
    const prisma = pipeline().database.prisma;
    const changed = await createDraftThroughStripe(pipeline(), "repair-one");
    pipeline().simulator.store.seedInvoiceItem({ customer: changed.stripeCustomerId, invoice: changed.stripeInvoiceId, amount: 300 });
    const other = await createDraftThroughStripe(pipeline(), "repair-other");
    pipeline().simulator.store.seedInvoiceItem({ customer: other.stripeCustomerId, invoice: other.stripeInvoiceId, amount: 200 });
    const lost = await createDraftThroughStripe(pipeline(), "repair-lost");
    pipeline().simulator.store.raw.invoices.delete(lost.stripeInvoiceId);
    await reconcileInvoices([changed.invoice.id, other.invoice.id, lost.invoice.id], "repair-run-3");

    session.current = { user: supportUser };
    const { repairDriftAction } = await import("@/lib/reconciliation/actions");
    const drift = await prisma.reconciliationDrift.findFirstOrThrow({ where: { invoiceId: changed.invoice.id, kind: "amount" } });
    expect(await repairDriftAction({ scope: "invoice", driftId: drift.id })).toMatchObject({ ok: true, data: { repaired: 1, failed: [] } });
    await expectMirrorsStripe(changed.stripeInvoiceId);
    // Both rows of the repaired invoice are closed; the other invoice's drift is untouched.
    expect(await prisma.reconciliationDrift.count({ where: { invoiceId: changed.invoice.id, repairedAt: null } })).toBe(0);
    expect(await prisma.reconciliationDrift.count({ where: { invoiceId: other.invoice.id, repairedAt: null } })).toBe(2);
    expect(await repairDriftAction({ scope: "invoice", driftId: drift.id })).toMatchObject({ ok: false, error: { code: "conflict" } });

    const gone = await prisma.reconciliationDrift.findFirstOrThrow({ where: { invoiceId: lost.invoice.id, kind: "missing_invoice" } });
    const result = await repairDriftAction({ scope: "invoice", driftId: gone.id });
    expect(result).toMatchObject({ ok: true, data: { repaired: 0, failed: [{ stripeInvoiceId: lost.stripeInvoiceId }] } });
    expect(await prisma.reconciliationDrift.findUniqueOrThrow({ where: { id: gone.id } })).toMatchObject({ repairedAt: null });
  });
});
