// A page link with a broken `after` cursor, or a date that does not exist (2026-02-31), is the
// caller's mistake: the JSON and CSV routes answer 400 with a message naming it, never 500 or a
// silently different page, and the pages reading the same parameters say so instead of failing.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { prerender } from "react-dom/static";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as billingInvoicesRoute from "@/app/api/billing/invoices/route";
import { QueryProvider } from "@/components/providers/query-provider";
import * as reportCsvRoute from "@/app/api/reports/[report]/csv/route";
import * as dlqRoute from "@/app/api/support/dead-letters/route";
import { seedDemoData } from "@/lib/demo/seed-demo-data";
import { seedEnvelope } from "../dead-letters/helpers";
import { startRouteHost, type RouteHost } from "../support/route-host";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string; email: string; name: string; role: string; tenantId: string | null } } }));
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getServerSession: async () => session.current }));
vi.mock("@/lib/billing-sync/request-sync", () => ({ requestTenantSync: () => undefined }));
// The billing page asks for a sync after its response; outside a request there is none to follow.
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<object>()), after: () => undefined }));

let database: TestDatabase;
let host: RouteHost;
let acme: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.prisma);
  acme = (await database.prisma.tenant.findUniqueOrThrow({ where: { slug: "acme" } })).id;
  for (let i = 0; i < 3; i++) await seedEnvelope({ reason: `Failure ${i}` });
  // The route host matches exact paths, so the dynamic segment is filled in here.
  const revenueCsv = { GET: (request: Request) => reportCsvRoute.GET(request, { params: Promise.resolve({ report: "revenue" }) }) };
  host = await startRouteHost({ "/api/support/dead-letters": dlqRoute, "/api/billing/invoices": billingInvoicesRoute, "/api/reports/revenue/csv": revenueCsv });
});
afterAll(async () => {
  await host.close();
  await database.drop();
});

function signInAs(role: "customer" | "support") {
  session.current = { user: { id: "00000000-0000-0000-0000-00000000c001", email: `${role}@x.test`, name: role, role, tenantId: role === "customer" ? acme : null } };
}

const NOT_A_CURSOR = "not-a-cursor";
const FORGED_CURSOR = Buffer.from("yesterday|'; DROP TABLE failure_envelopes; --").toString("base64url");

describe("over HTTP: 400 with a readable message", () => {
  it.each<[string, "customer" | "support", string, RegExp]>([
    ["a garbage DLQ cursor", "support", `/api/support/dead-letters?after=${NOT_A_CURSOR}`, /page link/i],
    ["a forged DLQ cursor", "support", `/api/support/dead-letters?after=${FORGED_CURSOR}`, /page link/i],
    ["a DLQ date that does not exist", "support", "/api/support/dead-letters?from=2026-02-31", /real date/i],
    ["a DLQ date in the wrong shape", "support", "/api/support/dead-letters?to=31/01/2026", /date/i],
    ["a garbage invoice cursor", "customer", `/api/billing/invoices?after=${NOT_A_CURSOR}`, /page link/i],
    ["an injection as invoice cursor", "customer", `/api/billing/invoices?after=${encodeURIComponent("' OR 1=1 --")}`, /page link/i],
    ["a report date that does not exist", "customer", "/api/reports/revenue/csv?from=2026-02-31&to=2026-03-10", /“from”.*real date/i],
    ["a report end date that does not exist", "customer", "/api/reports/revenue/csv?from=2026-01-01&to=2026-04-31", /“to”.*real date/i],
  ])("%s", async (_name, role, path, message) => {
    signInAs(role);
    const response = await fetch(host.url(path));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string; fields?: Record<string, string> } };
    expect(body.error.code).toBe("invalid_input");
    expect(`${body.error.message} ${Object.values(body.error.fields ?? {}).join(" ")}`).toMatch(message);
  });

  it("still pages with the cursors the lists hand out", async () => {
    signInAs("support");
    const first = (await (await fetch(host.url("/api/support/dead-letters"))).json()) as { envelopes: { id: string }[] };
    expect(first.envelopes.length).toBeGreaterThan(0);
    signInAs("customer");
    const invoices = (await (await fetch(host.url("/api/billing/invoices"))).json()) as { nextCursor?: string };
    expect(invoices.nextCursor).toBeTruthy();
    expect((await fetch(host.url(`/api/billing/invoices?after=${invoices.nextCursor}`))).status).toBe(200);
  });
});

describe("the pages reading the same parameters", () => {
  it("the dead-letter explorer says the page link is broken", async () => {
    signInAs("support");
    const { default: DeadLettersPage } = await import("@/app/(app)/support/dead-letters/page");
    const html = renderToStaticMarkup(await DeadLettersPage({ searchParams: Promise.resolve({ after: NOT_A_CURSOR }) }));
    expect(html).toMatch(/page link/i);
  });

  it("the dead-letter explorer names an impossible date", async () => {
    signInAs("support");
    const { default: DeadLettersPage } = await import("@/app/(app)/support/dead-letters/page");
    const html = renderToStaticMarkup(await DeadLettersPage({ searchParams: Promise.resolve({ from: "2026-02-31" }) }));
    expect(html).toMatch(/real date/i);
  });

  it("billing shows the first page and says the link was broken", async () => {
    signInAs("customer");
    const { default: BillingPage } = await import("@/app/(app)/billing/page");
    // The invoices stream in a Suspense boundary: wait for the whole page, as a browser would. The
    // signed-in layout gives every page its query client.
    const page = await BillingPage({ searchParams: Promise.resolve({ after: NOT_A_CURSOR }) });
    const { prelude } = await prerender(createElement(QueryProvider, null, page));
    const html = await new Response(prelude).text();
    expect(html).toMatch(/page link/i);
    expect(html).toContain("/billing/invoices/");
  });

  it("a report names the impossible date", async () => {
    signInAs("customer");
    const { default: ReportPage } = await import("@/app/(app)/reports/[report]/page");
    const html = renderToStaticMarkup(await ReportPage({ params: Promise.resolve({ report: "revenue" }), searchParams: Promise.resolve({ from: "2026-02-31" }) }));
    expect(html).toMatch(/“from”.*real date/i);
  });
});
