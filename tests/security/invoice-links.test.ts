// Stripe's hosted invoice page and PDF become links customers click: only https is accepted and
// rendered, except the local simulator's own http pages on loopback while no Stripe key is set.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { QueryProvider } from "@/components/providers/query-provider";
import { seedDemoData } from "@/lib/demo/seed-demo-data";
import { stripeInvoiceSchema } from "@/lib/stripe/schemas";
import { isSafeInvoiceUrl } from "@/lib/stripe/invoice-urls";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string; email: string; name: string; role: string; tenantId: string | null } } }));
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getServerSession: async () => session.current }));

const HOSTILE = ["javascript:alert(document.cookie)", "JavaScript:alert(1)", "http://evil.example/pay", "data:text/html,<script>alert(1)</script>", "//evil.example/pay", "ftp://evil.example/x.pdf"];

const validInvoice = { object: "invoice", id: "in_1", customer: "cus_1", status: "open", currency: "usd", subtotal: 100, total: 100, amount_due: 100, amount_paid: 0, amount_remaining: 100, period_start: 1, period_end: 2, created: 1 };

describe("Stripe invoice URLs", () => {
  it.each(HOSTILE)("refuses %s as hosted_invoice_url and invoice_pdf", (url) => {
    expect(stripeInvoiceSchema.safeParse({ ...validInvoice, hosted_invoice_url: url }).success).toBe(false);
    expect(stripeInvoiceSchema.safeParse({ ...validInvoice, invoice_pdf: url }).success).toBe(false);
  });

  it("accepts Stripe's https pages", () => {
    const parsed = stripeInvoiceSchema.safeParse({ ...validInvoice, hosted_invoice_url: "https://invoice.stripe.com/i/acct_1/test_x", invoice_pdf: "https://pay.stripe.com/invoice/acct_1/test_x/pdf" });
    expect(parsed.success).toBe(true);
  });

  it.each([
    ["the simulator on loopback, simulator in use", "http://127.0.0.1:12111/hosted/invoices/in_1", true, true],
    ["the simulator as localhost, simulator in use", "http://localhost:54321/hosted/invoices/in_1/pdf", true, true],
    ["loopback http with a real Stripe key", "http://127.0.0.1:12111/hosted/invoices/in_1", false, false],
    ["a foreign http host, simulator in use", "http://evil.example/hosted/invoices/in_1", true, false],
    ["a loopback lookalike", "http://127.0.0.1.evil.example/x", true, false],
    ["https with a real Stripe key", "https://invoice.stripe.com/i/x", false, true],
  ])("%s", (_name, url, simulator, safe) => {
    expect(isSafeInvoiceUrl(url, simulator)).toBe(safe);
  });
});

describe("stored hostile links are never rendered", () => {
  let database: TestDatabase;
  let invoiceId: string;
  let acme: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoData(database.prisma);
    acme = (await database.prisma.tenant.findUniqueOrThrow({ where: { slug: "acme" } })).id;
    const invoice = await database.prisma.invoice.findFirstOrThrow({ where: { tenantId: acme, status: "open" } });
    invoiceId = invoice.id;
    // Rows written before the schema refused such URLs, or by hand.
    await database.prisma.invoice.update({ where: { id: invoiceId }, data: { hostedInvoiceUrl: HOSTILE[0], invoicePdfUrl: "http://evil.example/x.pdf" } });
    session.current = { user: { id: "00000000-0000-0000-0000-00000000c001", email: "ada@acme.test", name: "Ada", role: "customer", tenantId: acme } };
  });
  afterAll(() => database.drop());

  it("leaves them out of the invoice page", async () => {
    const { default: InvoicePage } = await import("@/app/(app)/billing/invoices/[id]/page");
    // The app's layout gives every page the polling client; rendered alone, the page needs it too.
    const page = await InvoicePage({ params: Promise.resolve({ id: invoiceId }), searchParams: Promise.resolve({}) });
    const html = renderToStaticMarkup(createElement(QueryProvider, null, page));
    expect(html).toContain("Invoice ");
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("evil.example");
    expect(html).not.toContain("Pay now");
  });

  it("leaves them out of the billing data the page polls", async () => {
    const { listInvoicesForTenant } = await import("@/lib/billing/queries");
    const { invoices } = await listInvoicesForTenant(acme);
    const hostile = invoices.find((i) => i.id === invoiceId);
    expect(hostile).toMatchObject({ hostedInvoiceUrl: null, invoicePdfUrl: null });
    expect(invoices.some((i) => i.hostedInvoiceUrl?.startsWith("https://"))).toBe(true);
  });
});
