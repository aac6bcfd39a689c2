// What the billing page says about payments the customer must act on: an invoice awaiting
// authentication (with the hosted page link), an overdue invoice ("Overdue since" its due date),
// and a past-due subscription pointing at the invoice to pay.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { InvoiceTable } from "@/components/billing/invoice-table";
import { PastDueNotice } from "@/components/billing/past-due-notice";
import type { PastDueSubscription } from "@/lib/billing/past-due-subscriptions";
import type { InvoiceListItem } from "@/lib/billing/queries";

const HOSTED = "https://invoice.stripe.com/i/acct_1/due_1";

function invoice(change: Partial<InvoiceListItem>): InvoiceListItem {
  return {
    id: "5b0f6c1e-3c1f-4d4e-9a57-0d3f1b8e2a10",
    number: "ACME-0007",
    status: "open",
    currency: "usd",
    total: 9_900,
    amountDue: 9_900,
    amountPaid: 0,
    amountRemaining: 9_900,
    periodStart: new Date("2026-10-01T00:00:00Z"),
    periodEnd: new Date("2026-11-01T00:00:00Z"),
    dueDate: new Date("2026-11-03T00:00:00Z"),
    stripeCreatedAt: new Date("2026-11-01T00:00:00Z"),
    hostedInvoiceUrl: HOSTED,
    invoicePdfUrl: null,
    updatedAt: new Date("2026-11-04T00:00:00Z"),
    customer: { name: "Acme" },
    paymentActionRequired: false,
    overdueSince: null,
    returned: null,
    ...change,
  };
}

const table = (item: InvoiceListItem) => renderToStaticMarkup(createElement(InvoiceTable, { invoices: [item] }));

describe("billing page payment notices", () => {
  it("says an invoice is overdue since its due date, and only then", () => {
    expect(table(invoice({ overdueSince: new Date("2026-11-03T00:00:00Z") }))).toContain("Overdue since <time");
    expect(table(invoice({ overdueSince: new Date("2026-11-03T00:00:00Z") }))).toContain("Nov 3, 2026");
    expect(table(invoice({}))).not.toContain("Overdue since");
  });

  it("asks for authentication with the hosted invoice link", () => {
    const html = table(invoice({ paymentActionRequired: true }));
    expect(html).toContain("Authentication needed");
    expect(html).toContain(`href="${HOSTED}"`);
  });

  it("names the invoice that settles a past-due subscription, with its Pay now link", () => {
    const pastDue: PastDueSubscription = {
      id: "sub-row-1",
      status: "past_due",
      amount: 9_900,
      currency: "usd",
      interval: "month",
      invoice: { id: "5b0f6c1e-3c1f-4d4e-9a57-0d3f1b8e2a10", number: "ACME-0007", amountRemaining: 9_900, currency: "usd", dueDate: null, hostedInvoiceUrl: HOSTED },
    };
    const html = renderToStaticMarkup(createElement(PastDueNotice, { subscriptions: [pastDue], linkSuffix: "" }));
    expect(html).toContain("Subscription past due</span> — pay invoice ");
    expect(html).toContain('href="/billing/invoices/5b0f6c1e-3c1f-4d4e-9a57-0d3f1b8e2a10">ACME-0007</a>');
    expect(html).toMatch(new RegExp(`<a href="${HOSTED}"[^>]*>Pay now</a>`));
    expect(renderToStaticMarkup(createElement(PastDueNotice, { subscriptions: [{ ...pastDue, status: "unpaid", invoice: null }], linkSuffix: "" }))).toContain("Subscription unpaid");
    expect(renderToStaticMarkup(createElement(PastDueNotice, { subscriptions: [], linkSuffix: "" }))).toBe("");
  });
});
