// Drift injected in Stripe (the simulator) and in the local copy, found by the scheduled
// reconciliation function as Inngest runs it, repaired from the support UI's server action, and
// nothing left when the function runs again: an invoice paid behind our back, one whose lines and
// amount changed, and one lost from the local database.
import { describe, expect, it, vi } from "vitest";
import { sendEvents } from "@/lib/events/send-event";
import { getStripe } from "@/lib/stripe/client";
import { createDraftThroughStripe } from "../billing-sync/helpers";
import { sharedPipeline } from "./shared-pipeline";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string; email: string; name: string; role: string; tenantId: string | null } } }));
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getServerSession: async () => session.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const pipeline = sharedPipeline();
const supportUser = { id: "00000000-0000-0000-0000-00000000c003", email: "support@ledgerline.test", name: "Support", role: "support", tenantId: null };

/** Runs the reconciliation function the cron runs (on demand, as its event asks) and waits for it. */
async function runScheduledReconciliation() {
  await sendEvents({ name: "billing/reconcile.requested", data: {} });
  await pipeline().driver.waitForIdle(20_000);
}

async function openDrifts() {
  const rows = await pipeline().database.prisma.reconciliationDrift.findMany({ where: { repairedAt: null } });
  return rows.map((row) => `${row.stripeInvoiceId}:${row.kind}`).sort();
}

/** The stored invoice against Stripe's: status, amounts and line ids. */
async function expectMirrorsStripe(stripeInvoiceId: string) {
  const stripe = await getStripe().invoices.retrieve(stripeInvoiceId);
  const lines = await getStripe().invoices.listLineItems(stripeInvoiceId, { limit: 100 });
  const local = await pipeline().database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId }, include: { lineItems: true } });
  expect({ status: local.status, total: Number(local.total), amountPaid: Number(local.amountPaid), amountRemaining: Number(local.amountRemaining) }).toEqual({
    status: stripe.status,
    total: stripe.total,
    amountPaid: stripe.amount_paid,
    amountRemaining: stripe.amount_remaining,
  });
  expect(local.lineItems.map((line) => [line.stripeLineItemId, Number(line.amount)]).sort()).toEqual(lines.data.map((line) => [line.id, line.amount]).sort());
  return local;
}

describe("scheduled reconciliation, repaired from the UI", () => {
  it("finds drift injected on either side, repairs it all through the server action, and then finds nothing", async () => {
    const prisma = pipeline().database.prisma;
    const store = pipeline().simulator.store;

    // Paid behind our back: Stripe's status and amounts move, no event reaches us.
    const paid = await createDraftThroughStripe(pipeline(), "scheduled-paid");
    await getStripe().invoiceItems.create({ customer: paid.stripeCustomerId, invoice: paid.stripeInvoiceId, amount: 900, currency: "usd" });
    await getStripe().invoices.finalizeInvoice(paid.stripeInvoiceId);
    await pipeline().settle();
    const open = store.raw.invoices.get(paid.stripeInvoiceId);
    if (!open) throw new Error("the simulator lost the invoice");
    store.raw.invoices.set({ ...open, status: "paid", amount_paid: open.amount_due, amount_remaining: 0, status_transitions: { ...open.status_transitions, paid_at: open.created } });

    // Lines and amount changed behind our back: an item added to the draft in Stripe only.
    const changed = await createDraftThroughStripe(pipeline(), "scheduled-lines");
    await getStripe().invoiceItems.create({ customer: changed.stripeCustomerId, invoice: changed.stripeInvoiceId, amount: 400, currency: "usd" });
    await pipeline().settle();
    store.seedInvoiceItem({ customer: changed.stripeCustomerId, invoice: changed.stripeInvoiceId, amount: 650, description: "added behind our back" });

    // Lost locally (a restore from an older backup): the invoice and its lines are gone from our copy.
    const lost = await createDraftThroughStripe(pipeline(), "scheduled-lost");
    await getStripe().invoiceItems.create({ customer: lost.stripeCustomerId, invoice: lost.stripeInvoiceId, amount: 1_250, currency: "usd" });
    await getStripe().invoices.finalizeInvoice(lost.stripeInvoiceId);
    await pipeline().settle();
    await prisma.invoice.delete({ where: { stripeInvoiceId: lost.stripeInvoiceId } });

    expect(await openDrifts()).toEqual([]);
    await runScheduledReconciliation();
    expect(await openDrifts()).toEqual(
      [`${paid.stripeInvoiceId}:status`, `${changed.stripeInvoiceId}:amount`, `${changed.stripeInvoiceId}:extra_item`, `${lost.stripeInvoiceId}:extra_invoice`].sort(),
    );

    session.current = { user: supportUser };
    const { repairDriftAction } = await import("@/lib/reconciliation/actions");
    expect(await repairDriftAction({ scope: "all" })).toMatchObject({ ok: true, data: { repaired: 3, failed: [] } });

    for (const id of [paid.stripeInvoiceId, changed.stripeInvoiceId, lost.stripeInvoiceId]) {
      const local = await expectMirrorsStripe(id);
      const repairs = await prisma.auditEvent.findMany({ where: { entityType: "invoice", entityId: local.id, eventType: "reconciliation.repaired" } });
      expect(repairs).toEqual([expect.objectContaining({ actor: supportUser.email, source: "support" })]);
    }
    expect(await openDrifts()).toEqual([]);

    // The next scheduled run finds the copy true to Stripe.
    const driftRows = await prisma.reconciliationDrift.count();
    await runScheduledReconciliation();
    expect(await prisma.reconciliationDrift.count()).toBe(driftRows);
    expect(await openDrifts()).toEqual([]);
  });
});
