// What the customer's billing list and invoice page render for money that went back: the state
// beside Stripe's status, the net, and each refund, credit note or dispute with its reason.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { InvoiceTable } from "@/components/billing/invoice-table";
import { ReturnedMoneyList } from "@/components/billing/returned-money";
import type { InvoiceListItem } from "@/lib/billing/queries";
import { summarizeReturnedMoney } from "@/lib/money-returned/returned-money";

const at = new Date("2026-11-02T10:00:00Z");
const partlyRefunded = summarizeReturnedMoney(9_900, {
  refunds: [{ stripeRefundId: "re_1", amount: 2_900, status: "succeeded", reason: "requested_by_customer", stripeCreatedAt: at }],
  creditNotes: [],
  disputes: [],
});

const paid: InvoiceListItem = {
  id: "5b0f6c1e-3c1f-4d4e-9a57-0d3f1b8e2a11",
  number: "ACME-0008",
  status: "paid",
  currency: "usd",
  total: 9_900,
  amountDue: 9_900,
  amountPaid: 9_900,
  amountRemaining: 0,
  periodStart: new Date("2026-10-01T00:00:00Z"),
  periodEnd: new Date("2026-11-01T00:00:00Z"),
  dueDate: null,
  stripeCreatedAt: new Date("2026-11-01T00:00:00Z"),
  hostedInvoiceUrl: null,
  invoicePdfUrl: null,
  updatedAt: at,
  customer: { name: "Acme" },
  paymentActionRequired: false,
  overdueSince: null,
  returned: partlyRefunded,
};

describe("money returned on the billing pages", () => {
  it("shows the state and the net beside the paid status in the invoice list, and nothing when nothing went back", () => {
    const html = renderToStaticMarkup(createElement(InvoiceTable, { invoices: [paid] }));
    expect(html).toContain('data-status="paid"');
    expect(html).toContain('data-returned="partially_refunded"');
    expect(html).toContain("partially refunded");
    expect(html).toContain("$70.00");
    const plain = renderToStaticMarkup(createElement(InvoiceTable, { invoices: [{ ...paid, returned: null }] }));
    expect(plain).not.toContain("data-returned");
  });

  it("lists each refund with what it was and why, and the net kept", () => {
    const html = renderToStaticMarkup(createElement(ReturnedMoneyList, { returned: partlyRefunded, currency: "usd" }));
    expect(html).toContain("partial refund");
    expect(html).toContain("requested by customer");
    expect(html).toContain("$29.00");
    expect(html).toMatch(/Net kept after refunds, credits and lost disputes: <strong>.*\$70\.00/);
  });
});
