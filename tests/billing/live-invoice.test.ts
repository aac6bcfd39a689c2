// The invoice page's live header: Pay now only while the invoice is open with a payment page, and
// the polled state (not the page's first render) decides — a paid or void invoice never invites
// a second payment.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LiveInvoiceActions, LiveInvoiceAmount, LiveReturnedMoney } from "@/components/billing/live-invoice";
import { liveInvoicePollInterval, toLiveInvoice, type LiveInvoice } from "@/lib/billing/live-invoice";
import { summarizeReturnedMoney } from "@/lib/money-returned/returned-money";

type LiveInvoiceInput = Parameters<typeof toLiveInvoice>[0];

const BASE: LiveInvoiceInput = {
  id: "5b0f6c1e-3c1f-4d4e-9a57-0d3f1b8e2a10",
  number: "ACME-0001",
  status: "open",
  currency: "usd",
  total: 12_500,
  amountPaid: 0,
  amountRemaining: 12_500,
  hostedInvoiceUrl: "https://invoice.stripe.com/i/acct_1/test_1",
  invoicePdfUrl: "https://pay.stripe.com/invoice/acct_1/test_1/pdf",
  paymentActionRequiredAt: null,
};
const OPEN = toLiveInvoice(BASE);

function render(initial: LiveInvoice, polled?: LiveInvoice) {
  const client = new QueryClient();
  if (polled) client.setQueryData(["billing-invoice", initial.id, ""], polled);
  const header = createElement(
    Fragment,
    null,
    createElement(LiveInvoiceActions, { initial, query: "" }),
    createElement(LiveInvoiceAmount, { initial, query: "", field: "amountRemaining" }),
    createElement(LiveReturnedMoney, { initial, query: "" }),
  );
  return renderToStaticMarkup(createElement(QueryClientProvider, { client }, header));
}

describe("live invoice header", () => {
  it.each<[string, Partial<LiveInvoiceInput>, boolean]>([
    ["open with a payment page", {}, true],
    ["open without a payment page", { hostedInvoiceUrl: null }, false],
    ["paid", { status: "paid", amountPaid: 12_500, amountRemaining: 0 }, false],
    ["void", { status: "void", amountRemaining: 0 }, false],
    ["draft", { status: "draft" }, false],
  ])("%s: Pay now shown = %s", (_name, change, payable) => {
    const invoice = toLiveInvoice({ ...BASE, ...change });
    expect(invoice.payable).toBe(payable);
    expect(render(invoice).includes("Pay now")).toBe(payable);
  });

  it("follows the polled state: once paid, the status and amounts change and Pay now goes away", () => {
    const paid = toLiveInvoice({ ...BASE, status: "paid", amountPaid: 12_500, amountRemaining: 0 });
    const html = render(OPEN, paid);
    expect(html).not.toContain("Pay now");
    expect(html).toContain("paid");
    expect(html).toContain("$0.00");
    expect(render(OPEN)).toContain("$125.00");
  });

  it("asks the customer to authenticate the payment, with the hosted invoice link, until it is paid", () => {
    const waiting = toLiveInvoice({ ...BASE, paymentActionRequiredAt: new Date("2026-01-01T00:00:00Z") });
    expect(waiting.paymentActionRequired).toBe(true);
    const html = render(waiting);
    expect(html).toMatch(/authenticate/i);
    expect(html).toContain(`href="${BASE.hostedInvoiceUrl}"`);
    const paid = toLiveInvoice({ ...BASE, status: "paid", paymentActionRequiredAt: new Date("2026-01-01T00:00:00Z") });
    expect(paid.paymentActionRequired).toBe(false);
    expect(render(waiting, paid)).not.toMatch(/authenticate/i);
  });

  it("says the invoice is overdue since its due date while it stays open", () => {
    const overdue = toLiveInvoice({ ...BASE, overdueAt: new Date("2026-01-20T09:00:00Z"), dueDate: new Date("2026-01-15T00:00:00Z") });
    expect(overdue.overdueSince).toBe("2026-01-15T00:00:00.000Z");
    expect(render(overdue)).toMatch(/Overdue since <time[^>]*>Jan 15, 2026<\/time>/);
    expect(toLiveInvoice({ ...BASE, overdueAt: new Date("2026-01-20T09:00:00Z"), dueDate: null }).overdueSince).toBe("2026-01-20T09:00:00.000Z");
    const paid = toLiveInvoice({ ...BASE, status: "paid", overdueAt: new Date("2026-01-20T09:00:00Z") });
    expect(paid.overdueSince).toBeNull();
    expect(render(overdue, paid)).not.toContain("Overdue");
    expect(render(OPEN)).not.toContain("Overdue");
  });
});

describe("live invoice after payment", () => {
  const PAID = toLiveInvoice({ ...BASE, status: "paid", amountPaid: 12_500, amountRemaining: 0 });

  it.each<[LiveInvoice["status"], number | false]>([
    ["draft", 5_000],
    ["open", 5_000],
    ["uncollectible", 5_000],
    // A refund, credit note or dispute can still arrive for a paid invoice: it keeps polling, slower.
    ["paid", 30_000],
    ["void", false],
  ])("a %s invoice polls every %s ms", (status, interval) => {
    expect(liveInvoicePollInterval(status)).toBe(interval);
  });

  it("shows a refund and a dispute that arrive after payment, from the polled invoice, without a reload", () => {
    expect(render(PAID)).not.toContain("Refunds, credits and disputes");
    const at = new Date("2026-02-01T10:00:00Z");
    const returned = summarizeReturnedMoney(12_500, {
      refunds: [{ stripeRefundId: "re_after_1", amount: 2_500, status: "succeeded", reason: "requested_by_customer", stripeCreatedAt: at }],
      creditNotes: [],
      disputes: [{ stripeDisputeId: "dp_after_1", amount: 10_000, status: "needs_response", reason: "fraudulent", stripeCreatedAt: at }],
    });
    const html = render(PAID, { ...PAID, returned });
    expect(html).toContain("Refunds, credits and disputes");
    expect(html).toContain("partial refund");
    expect(html).toContain("dispute opened");
    expect(html).toMatch(/data-returned="disputed"/);
    // Net kept: 125.00 paid − 25.00 refunded (the open dispute is at risk, not yet gone).
    expect(html).toContain("$100.00");
  });
});
