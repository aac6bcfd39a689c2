// A draft deleted in Stripe leaves the customer's view, the running totals and the report rollups,
// keeps its history in the audit trail, and no late or early event brings it back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBillingSummaryForTenant, getInvoiceForTenant, getInvoiceHeaderForTenant, listInvoiceLinesForTenant, listInvoicesForTenant } from "@/lib/billing/queries";
import { applyStripeInvoice } from "@/lib/invoices/apply-stripe-invoice";
import { applyStripeInvoiceDeletion } from "@/lib/invoices/apply-stripe-invoice-deletion";
import { stripeInvoiceSchema } from "@/lib/stripe/schemas";
import { getCurrentPeriodForTenant } from "@/lib/usage/queries";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { expectEventsAccountedFor } from "../support/pipeline-invariants";

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline();
});
afterAll(() => pipeline.close());

async function revenueRollupOf(tenantId: string) {
  const rows = await pipeline.database.prisma.$queryRaw<{ invoices: bigint; total: bigint }[]>`
    SELECT COALESCE(SUM(invoice_count), 0)::bigint AS invoices, COALESCE(SUM(total), 0)::bigint AS total
    FROM report_revenue_daily WHERE tenant_id = ${tenantId}::uuid`;
  return { invoices: Number(rows[0]?.invoices ?? 0), total: Number(rows[0]?.total ?? 0) };
}

describe("invoice.deleted", () => {
  it("removes a deleted draft from lists, the invoice page, running totals and rollups, and audits it", async () => {
    const customer = pipeline.createCustomer("deleted-draft");
    const draft = pipeline.simulator.billing.createInvoice({ customer });
    pipeline.simulator.billing.addInvoiceItem({ customer, invoice: draft.id, amount: 4200, description: "Seats" });
    await pipeline.settle();
    const stored = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: draft.id } });
    expect(stored.status).toBe("draft");
    expect(await revenueRollupOf(stored.tenantId)).toEqual({ invoices: 1, total: 4200 });

    pipeline.simulator.billing.deleteDraftInvoice(draft.id);
    await pipeline.settle();

    const deletedEvents = await pipeline.database.prisma.webhookInbox.findMany({ where: { type: "invoice.deleted", payload: { path: ["data", "object", "id"], equals: draft.id } } });
    expect(deletedEvents).toHaveLength(1);
    await expectEventsAccountedFor(pipeline.database.prisma, deletedEvents.map((e) => e.eventId));
    expect(deletedEvents[0]).toMatchObject({ status: "processed" });

    const tenantId = stored.tenantId;
    expect((await listInvoicesForTenant(tenantId)).invoices).toEqual([]);
    expect((await listInvoicesForTenant(tenantId, { status: "draft" })).invoices).toEqual([]);
    expect(await getInvoiceForTenant(tenantId, stored.id)).toBeNull();
    expect(await getInvoiceHeaderForTenant(tenantId, stored.id)).toBeNull();
    expect(await listInvoiceLinesForTenant(tenantId, stored.id)).toEqual([]);
    expect(await getBillingSummaryForTenant(tenantId)).toEqual([]);
    expect(await getCurrentPeriodForTenant(tenantId)).toEqual([]);
    expect(await revenueRollupOf(tenantId)).toEqual({ invoices: 0, total: 0 });

    const audit = await pipeline.database.prisma.auditEvent.findMany({ where: { entityType: "invoice", entityId: stored.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.eventType)).toContain("invoice.created");
    expect(audit.at(-1)).toMatchObject({ eventType: "invoice.deleted", sourceEventId: deletedEvents[0]?.eventId });
  });

  it("is idempotent, and a late invoice.updated does not resurrect the deleted draft", async () => {
    const customer = pipeline.createCustomer("deleted-late-update");
    const draft = pipeline.simulator.billing.createInvoice({ customer });
    await pipeline.settle();
    const snapshot = stripeInvoiceSchema.parse(draft);
    pipeline.simulator.billing.deleteDraftInvoice(draft.id);
    await pipeline.settle();
    const stored = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: draft.id } });
    expect(stored.deletedAt).not.toBeNull();

    const deletedEvent = await pipeline.database.prisma.webhookInbox.findFirstOrThrow({ where: { type: "invoice.deleted", payload: { path: ["data", "object", "id"], equals: draft.id } } });
    const again = await applyStripeInvoiceDeletion({ id: draft.id, object: "invoice", deleted: true }, { sourceId: deletedEvent.eventId, eventType: "invoice.deleted", created: new Date() });
    expect(again.outcome).toBe("applied");

    const late = await applyStripeInvoice({ ...snapshot, total: 999 }, { sourceId: "evt_late_update_after_delete", eventType: "invoice.updated", created: new Date(Date.now() + 60_000) });
    expect(late.outcome).toBe("stale");
    const after = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { id: stored.id } });
    expect(after).toMatchObject({ deletedAt: stored.deletedAt, total: stored.total, version: stored.version });
    expect(await getInvoiceForTenant(stored.tenantId, stored.id)).toBeNull();
    expect(await revenueRollupOf(stored.tenantId)).toEqual({ invoices: 0, total: 0 });
    const deletions = await pipeline.database.prisma.auditEvent.count({ where: { entityType: "invoice", entityId: stored.id, eventType: "invoice.deleted" } });
    expect(deletions).toBe(1);
  });

  it("keeps a draft deleted before its invoice.created arrived from ever appearing", async () => {
    const customer = pipeline.createCustomer("deleted-before-created");
    await pipeline.settle();
    const early = await applyStripeInvoiceDeletion(
      { id: "in_deleted_before_created", object: "invoice", deleted: true, customer },
      { sourceId: "evt_deleted_first", eventType: "invoice.deleted", created: new Date(Date.now() - 60_000) },
    );
    expect(early.outcome).toBe("applied");
    const now = Math.floor(Date.now() / 1000);
    const created = await applyStripeInvoice(
      stripeInvoiceSchema.parse({
        object: "invoice", id: "in_deleted_before_created", customer, status: "draft", currency: "usd", subtotal: 100, total: 100,
        amount_due: 100, amount_paid: 0, amount_remaining: 100, period_start: now, period_end: now, created: now,
      }),
      { sourceId: "evt_created_late", eventType: "invoice.created", created: new Date(Date.now() - 120_000) },
    );
    expect(created.outcome).toBe("stale");
    expect(await pipeline.database.prisma.invoice.count({ where: { stripeInvoiceId: "in_deleted_before_created" } })).toBe(0);
  });
});
