// Money beyond 32 bits through the normal apply path: an IDR invoice of Rp 500,000,000
// (50,000,000,000 minor units; IDR is two-decimal in Stripe) is stored exactly, served to the
// customer's billing page over HTTP and summed in the revenue report; a subscription whose
// unit amount × quantity is beyond the exact range is set aside with a reason, not stored wrong.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signatureHeader } from "@ledgerline/stripe-simulator";
import * as billingRoute from "@/app/api/billing/invoices/route";
import * as invoiceRoute from "@/app/api/billing/invoices/[id]/route";
import { InvoiceTable } from "@/components/billing/invoice-table";
import { LiveInvoiceAmount } from "@/components/billing/live-invoice";
import type { LiveInvoice } from "@/lib/billing/live-invoice";
import type { InvoiceListItem } from "@/lib/billing/queries";
import { createMemoryStore } from "@/lib/cache/cache-store";
import { addDays, parseReportFilters, today } from "@/lib/reports/filters";
import { loadReport } from "@/lib/reports/load-report";
import { setReportCacheStore } from "@/lib/reports/report-cache";
import { STRIPE_API_VERSION } from "@/lib/stripe/api-version";
import { getWebhookSecret } from "@/lib/stripe/client";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string; email: string; name: string; role: string; tenantId: string | null } } }));
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getServerSession: async () => session.current }));

const RP_500_MILLION = 50_000_000_000;

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline();
  setReportCacheStore(createMemoryStore());
  pipeline.routes["/api/billing/invoices"] = billingRoute;
});
afterAll(() => pipeline.close());

function signInAs(tenantId: string) {
  session.current = { user: { id: "00000000-0000-0000-0000-0000000000c1", email: "customer@idr.test", name: "Customer", role: "customer", tenantId } };
}

/** Renders what the billing page renders from the data it polls over HTTP. */
function renderWithQueryClient(element: ReturnType<typeof createElement>): string {
  return renderToStaticMarkup(createElement(QueryClientProvider, { client: new QueryClient() }, element)).replace(/\u00a0/g, " ");
}

describe("an IDR invoice of Rp 500,000,000", () => {
  it("is stored exactly, shown on the billing page and summed in the revenue report", async () => {
    const customer = pipeline.createCustomer("rupiah");
    const { invoice } = pipeline.simulator.simulateInvoiceLifecycle(customer, {
      outcome: "pay",
      currency: "idr",
      items: [
        { amount: 30_000_000_000, description: "Annual platform licence" },
        { amount: 20_000_000_000, description: "Implementation" },
      ],
    });
    await pipeline.settle();

    const stored = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoice.id }, include: { lineItems: true } });
    expect(stored).toMatchObject({ status: "paid", currency: "idr" });
    expect([stored.subtotal, stored.total, stored.amountDue, stored.amountPaid, stored.amountRemaining]).toEqual([
      BigInt(RP_500_MILLION), BigInt(RP_500_MILLION), BigInt(RP_500_MILLION), BigInt(RP_500_MILLION), BigInt(0),
    ]);
    expect(stored.lineItems.map((l) => l.amount).sort()).toEqual([BigInt(20_000_000_000), BigInt(30_000_000_000)]);
    expect(await pipeline.database.prisma.failureEnvelope.count({ where: { stripeEventId: { not: null } } })).toBe(0);

    signInAs(stored.tenantId);
    const list = await fetch(pipeline.host.url("/api/billing/invoices"));
    expect(list.status).toBe(200);
    const view = (await list.json()) as { invoices: InvoiceListItem[] };
    const listed = view.invoices.find((i) => i.id === stored.id);
    expect(listed).toMatchObject({ total: RP_500_MILLION, amountDue: RP_500_MILLION, amountRemaining: 0, currency: "idr" });
    const table = renderWithQueryClient(createElement(InvoiceTable, { invoices: view.invoices }));
    expect(table).toContain("IDR 500,000,000");
    expect(table).not.toContain("IDR 50,000,000,000");

    pipeline.routes[`/api/billing/invoices/${stored.id}`] = { GET: (request: Request) => invoiceRoute.GET(request, { params: Promise.resolve({ id: stored.id }) }) };
    const one = await fetch(pipeline.host.url(`/api/billing/invoices/${stored.id}`));
    expect(one.status).toBe(200);
    const { invoice: live } = (await one.json()) as { invoice: LiveInvoice };
    expect(live).toMatchObject({ total: RP_500_MILLION, amountPaid: RP_500_MILLION, amountRemaining: 0, status: "paid" });
    expect(renderWithQueryClient(createElement(LiveInvoiceAmount, { initial: live, query: "", field: "amountPaid" }))).toContain("IDR 500,000,000");

    const filters = parseReportFilters({ from: addDays(today(), -30), to: addDays(today(), 30), by: "month", currency: "idr" });
    const report = await loadReport({ role: "customer", tenantId: stored.tenantId }, "revenue", filters);
    expect(report.figures.value.totals).toMatchObject({ paid: RP_500_MILLION, paidCount: 1 });
    const staff = await loadReport({ role: "support", tenantId: null }, "revenue", filters);
    expect(staff.figures.value.totals.paid).toBeGreaterThanOrEqual(RP_500_MILLION);
  });
});

describe("a subscription whose unit amount × quantity is beyond the exact range", () => {
  it("is refused into a dead letter whose reason names both factors, and nothing is stored", async () => {
    const customer = pipeline.createCustomer("overflowing");
    await pipeline.settle();
    const created = Math.floor(Date.now() / 1000);
    const subscription = {
      object: "subscription",
      id: "sub_overflow_1",
      customer,
      status: "active",
      currency: "idr",
      created,
      canceled_at: null,
      items: {
        object: "list",
        data: [{ quantity: 3, current_period_start: created, current_period_end: created + 30 * 86_400, price: { unit_amount: 4_000_000_000_000_000, recurring: { interval: "month" } } }],
      },
    };
    const body = JSON.stringify({ id: "evt_sub_overflow_1", object: "event", type: "customer.subscription.created", api_version: STRIPE_API_VERSION, created, livemode: false, data: { object: subscription } });
    const response = await fetch(pipeline.webhookUrl, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "stripe-signature": signatureHeader(body, getWebhookSecret(), created) },
    });
    expect(response.status).toBe(200);
    await pipeline.settle();

    expect(await pipeline.database.prisma.subscription.count({ where: { stripeSubscriptionId: "sub_overflow_1" } })).toBe(0);
    const envelope = await pipeline.database.prisma.failureEnvelope.findFirstOrThrow({ where: { stripeEventId: "evt_sub_overflow_1" } });
    expect(envelope.reason).toMatch(/Subscription sub_overflow_1 cannot be stored/);
    expect(envelope.reason).toMatch(/unit amount 4000000000000000 × quantity 3/);
    expect(envelope.reason).toMatch(/9,007,199,254,740,991 minor units/);
    // Retrying cannot fix it: one attempt, not the whole retry policy.
    expect(envelope.attempt).toBe(1);
  });
});
