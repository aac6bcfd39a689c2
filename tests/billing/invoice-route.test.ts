// GET /api/billing/invoices/[id] over HTTP: the one invoice the invoice page polls, tenant-scoped
// (another tenant's id is a 404, like an unknown one), with the fields the page keeps live and
// whether it can still be paid.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as invoiceRoute from "@/app/api/billing/invoices/[id]/route";
import { seedDemoData } from "@/lib/demo/seed-demo-data";
import { startRouteHost, type RouteHost, type RouteModule } from "../support/route-host";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string; email: string; name: string; role: string; tenantId: string | null } } }));
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getServerSession: async () => session.current }));

let database: TestDatabase;
let host: RouteHost;
let acme: string;
let globex: string;
let acmeOpen: { id: string; total: number; currency: string };
let globexInvoice: string;

const MALFORMED = "not-a-uuid";
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

/** The route host matches exact paths, so each id the test asks for gets its own entry. */
function invoicePath(id: string): [string, RouteModule] {
  return [`/api/billing/invoices/${id}`, { GET: (request: Request) => invoiceRoute.GET(request, { params: Promise.resolve({ id }) }) }];
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.prisma);
  acme = (await database.prisma.tenant.findUniqueOrThrow({ where: { slug: "acme" } })).id;
  globex = (await database.prisma.tenant.findUniqueOrThrow({ where: { slug: "globex" } })).id;
  const open = await database.prisma.invoice.findFirstOrThrow({ where: { tenantId: acme, status: "open", hostedInvoiceUrl: { not: null } }, select: { id: true, total: true, currency: true } });
  acmeOpen = { ...open, total: Number(open.total) };
  globexInvoice = (await database.prisma.invoice.findFirstOrThrow({ where: { tenantId: globex } })).id;
  host = await startRouteHost(Object.fromEntries([acmeOpen.id, globexInvoice, MALFORMED, UNKNOWN].map(invoicePath)));
});
afterAll(async () => {
  await host.close();
  await database.drop();
});

function signInAs(tenantId: string | null, role: "customer" | "support" = "customer") {
  session.current = { user: { id: `00000000-0000-0000-0000-0000000${role === "customer" ? "0c0" : "05"}${tenantId === globex ? "2" : "1"}`, email: `${role}@x.test`, name: role, role, tenantId } };
}

const get = (id: string, query = "") => fetch(host.url(`/api/billing/invoices/${id}${query}`));

describe("GET /api/billing/invoices/[id]", () => {
  it("answers the tenant's own invoice with its live fields and whether it can be paid", async () => {
    signInAs(acme);
    const response = await get(acmeOpen.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { invoice: Record<string, unknown> };
    expect(Object.keys(body.invoice).sort()).toEqual(["amountPaid", "amountRemaining", "currency", "hostedInvoiceUrl", "id", "invoicePdfUrl", "number", "overdueSince", "payable", "paymentActionRequired", "returned", "status", "total"]);
    expect(body.invoice).toMatchObject({ id: acmeOpen.id, status: "open", total: acmeOpen.total, currency: acmeOpen.currency, payable: true, paymentActionRequired: false });
  });

  it("turns paid, and no longer payable, as soon as the invoice is paid", async () => {
    signInAs(acme);
    await database.prisma.invoice.update({ where: { id: acmeOpen.id }, data: { status: "paid", amountPaid: acmeOpen.total, amountRemaining: 0 } });
    const body = (await (await get(acmeOpen.id)).json()) as { invoice: Record<string, unknown> };
    expect(body.invoice).toMatchObject({ status: "paid", amountPaid: acmeOpen.total, amountRemaining: 0, payable: false });
  });

  it("carries a refund that arrived after payment, so the page's live refunds section shows it", async () => {
    signInAs(acme);
    const at = new Date();
    await database.prisma.refund.create({
      data: { tenantId: acme, invoiceId: acmeOpen.id, stripeRefundId: "re_route_after_payment", amount: 1_000n, currency: acmeOpen.currency, status: "succeeded", reason: "duplicate", stripeCreatedAt: at, lastEventCreatedAt: at },
    });
    const body = (await (await get(acmeOpen.id)).json()) as { invoice: Record<string, unknown> };
    expect(body.invoice).toMatchObject({
      status: "paid",
      returned: { state: "partially_refunded", refunded: 1_000, net: acmeOpen.total - 1_000, items: [expect.objectContaining({ kind: "refund", stripeId: "re_route_after_payment", label: "partial refund" })] },
    });
  });

  it.each([
    ["another tenant's invoice", () => globexInvoice],
    ["an unknown id", () => UNKNOWN],
    ["a malformed id", () => MALFORMED],
  ])("answers 404 for %s", async (_name, id) => {
    signInAs(acme);
    const response = await get(id());
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it("answers the other tenant its own invoice, and staff the invoice of the tenant they pick", async () => {
    signInAs(globex);
    expect((await get(globexInvoice)).status).toBe(200);
    expect((await get(acmeOpen.id)).status).toBe(404);
    signInAs(null, "support");
    expect((await get(globexInvoice, "?tenant=globex")).status).toBe(200);
    expect((await get(globexInvoice, "?tenant=acme")).status).toBe(404);
  });

  it("answers 404 once the invoice was deleted in Stripe", async () => {
    signInAs(globex);
    await database.prisma.invoice.update({ where: { id: globexInvoice }, data: { deletedAt: new Date() } });
    expect((await get(globexInvoice)).status).toBe(404);
  });

  it("refuses a caller who is not signed in", async () => {
    session.current = null;
    expect((await get(acmeOpen.id)).status).toBe(401);
  });
});
