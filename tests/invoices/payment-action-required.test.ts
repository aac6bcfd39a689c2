// Stripe's `invoice.payment_action_required`: the customer must authenticate the payment. The
// invoice is flagged (billing list and invoice page say so, with the hosted invoice link) until it
// is paid or otherwise leaves open; a late event never flags a paid invoice again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toLiveInvoice } from "@/lib/billing/live-invoice";
import { getInvoiceHeaderForTenant, listInvoicesForTenant } from "@/lib/billing/queries";
import { applyStripeInvoice } from "@/lib/invoices/apply-stripe-invoice";
import type { StripeInvoice } from "@/lib/stripe/schemas";
import { isHandledStripeEventType, stripeEventFunctionId } from "@/lib/webhooks/handled-event-types";
import { stripeEventFunctions } from "@/inngest/index";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  tenantId = (await database.prisma.tenant.create({ data: { slug: "sca", name: "SCA Co" } })).id;
  await database.prisma.customer.create({ data: { stripeCustomerId: "cus_sca_1", tenantId, name: "SCA Co" } });
});
afterAll(() => database.drop());

const T0 = 1_767_225_600;

function invoice(status: StripeInvoice["status"]): StripeInvoice {
  const paid = status === "paid";
  return {
    object: "invoice", id: "in_sca_1", customer: "cus_sca_1", status, currency: "eur", subtotal: 9_900, total: 9_900, amount_due: 9_900,
    amount_paid: paid ? 9_900 : 0, amount_remaining: paid ? 0 : 9_900, period_start: T0, period_end: T0, created: T0,
    hosted_invoice_url: "https://invoice.stripe.com/i/acct_1/sca_1",
    status_transitions: { finalized_at: T0, paid_at: paid ? T0 + 120 : null },
  };
}

const at = (seconds: number) => new Date((T0 + seconds) * 1000);

async function flagged() {
  const { invoices } = await listInvoicesForTenant(tenantId);
  const header = await getInvoiceHeaderForTenant(tenantId, invoices[0]?.id ?? "");
  return { list: invoices[0]?.paymentActionRequired, page: header ? toLiveInvoice(header).paymentActionRequired : undefined };
}

describe("invoice.payment_action_required", () => {
  it("is a handled Stripe event type with its own function", () => {
    expect(isHandledStripeEventType("invoice.payment_action_required")).toBe(true);
    expect(stripeEventFunctions.map((f) => f.id())).toContain(stripeEventFunctionId("invoice.payment_action_required"));
  });

  it("flags the open invoice until it is paid, and a late event does not flag it again", async () => {
    await applyStripeInvoice(invoice("open"), { sourceId: "evt_sca_finalized", eventType: "invoice.finalized", created: at(10) });
    expect(await flagged()).toEqual({ list: false, page: false });

    await applyStripeInvoice(invoice("open"), { sourceId: "evt_sca_action", eventType: "invoice.payment_action_required", created: at(20) });
    expect(await flagged()).toEqual({ list: true, page: true });
    // Another update of the still-open invoice keeps the customer's task in view.
    await applyStripeInvoice(invoice("open"), { sourceId: "evt_sca_updated", eventType: "invoice.updated", created: at(30) });
    expect(await flagged()).toEqual({ list: true, page: true });

    await applyStripeInvoice(invoice("paid"), { sourceId: "evt_sca_paid", eventType: "invoice.paid", created: at(120) });
    expect(await flagged()).toEqual({ list: false, page: false });
    const late = await applyStripeInvoice(invoice("open"), { sourceId: "evt_sca_action_late", eventType: "invoice.payment_action_required", created: at(20) });
    expect(late.outcome).toBe("stale");
    expect(await flagged()).toEqual({ list: false, page: false });
  });

  it("reads the same on the billing list and the invoice page, even for a paid row that kept its flag", async () => {
    // A row written before the flag was cleared on leaving open (or by hand): only an open invoice asks.
    await database.prisma.invoice.update({ where: { stripeInvoiceId: "in_sca_1" }, data: { paymentActionRequiredAt: at(20) } });
    expect(await flagged()).toEqual({ list: false, page: false });
  });
});
