// Report figures through the functions the pages and the CSV route call: tenant isolation of
// every report and cache key, invalidation on the next request after a write, and the stale
// fallback when the database fails.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMemoryStore } from "@/lib/cache/cache-store";
import { cacheKeyOf, cachedReport, publishReportChange, reportTag, setReportCacheStore } from "@/lib/reports/report-cache";
import { seedDemoData } from "@/lib/demo/seed-demo-data";
import { AppError } from "@/lib/errors/app-error";
import { applyStripeInvoice } from "@/lib/invoices/apply-stripe-invoice";
import { addDays, parseReportFilters, today } from "@/lib/reports/filters";
import { loadReport } from "@/lib/reports/load-report";
import { getRevenueReport } from "@/lib/reports/queries";
import { reportCsv } from "@/lib/reports/report-csv";
import { ALL_TENANTS, reportNames } from "@/lib/reports/report-names";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let acme: { id: string; slug: string };
let globex: { id: string; slug: string };

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.prisma);
  acme = await database.prisma.tenant.findUniqueOrThrow({ where: { slug: "acme" } });
  globex = await database.prisma.tenant.findUniqueOrThrow({ where: { slug: "globex" } });
});
afterAll(() => database.drop());
beforeEach(() => {
  setReportCacheStore(createMemoryStore());
});

const customerOf = (tenantId: string) => ({ role: "customer" as const, tenantId });
const support = { role: "support" as const, tenantId: null };
const wideRange = (extra: Record<string, string> = {}) => parseReportFilters({ from: addDays(today(), -3000), to: addDays(today(), 60), by: "month", ...extra });

/** Paid revenue straight from the invoices, for comparison with the rollups. */
async function rawPaid(tenantId: string | null): Promise<number> {
  const rows = await database.connection.query<{ paid: string | number | bigint | null }>(
    `SELECT coalesce(sum(amount_paid), 0)::text AS paid FROM invoices WHERE status = 'paid' AND currency = 'usd' AND ($1::uuid IS NULL OR tenant_id = $1::uuid)`,
    [tenantId],
  );
  return Number(rows[0]?.paid ?? 0);
}

describe("tenant isolation", () => {
  it("pins a customer to their own tenant in every report, whatever the URL asks", async () => {
    for (const report of reportNames) {
      const asked = await loadReport(customerOf(acme.id), report, wideRange({ tenant: globex.slug }));
      expect(asked.scope.scopeId).toBe(acme.id);
      const own = await loadReport(customerOf(acme.id), report, wideRange());
      expect(asked.figures.value).toEqual(own.figures.value);
    }
  });

  it("computes a tenant's revenue from that tenant's invoices only; staff totals cover every tenant", async () => {
    const acmeReport = await loadReport(customerOf(acme.id), "revenue", wideRange({ currency: "usd" }));
    expect(acmeReport.figures.value.totals.paid).toBe(await rawPaid(acme.id));
    expect(acmeReport.figures.value.totals.paid).toBeGreaterThan(0);
    const all = await loadReport(support, "revenue", wideRange({ currency: "usd" }));
    expect(all.scope.scopeId).toBe(ALL_TENANTS);
    expect(all.figures.value.totals.paid).toBe(await rawPaid(null));
    const globexReport = await loadReport(support, "revenue", wideRange({ currency: "usd", tenant: globex.slug }));
    expect(globexReport.figures.value.totals.paid).toBe(await rawPaid(globex.id));
  });

  it("never lets a cached entry of one tenant answer for another", async () => {
    const filters = wideRange({ currency: "usd" });
    await loadReport(support, "revenue", { ...filters, tenant: globex.slug });
    const acmeView = await loadReport(customerOf(acme.id), "revenue", filters);
    expect(acmeView.figures.source).toBe("computed");
    expect(acmeView.figures.value.totals.paid).toBe(await rawPaid(acme.id));
    const key = { report: "revenue" as const, params: { from: "a" } };
    expect(cacheKeyOf({ ...key, scope: acme.id })).not.toBe(cacheKeyOf({ ...key, scope: globex.id }));
    expect(reportTag(acme.id, "revenue")).not.toBe(reportTag(globex.id, "revenue"));
  });

  it("refuses an unknown tenant and a user without report permission", async () => {
    await expect(loadReport(support, "revenue", wideRange({ tenant: "nope" }))).rejects.toMatchObject({ code: "not_found" });
    await expect(loadReport({ role: "customer", tenantId: null }, "revenue", wideRange())).rejects.toBeInstanceOf(AppError);
  });

  it("exports the customer's own figures as CSV", async () => {
    const { csv, filename } = await reportCsv(customerOf(acme.id), "revenue", wideRange({ currency: "usd", tenant: globex.slug }));
    expect(filename).toContain("acme");
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("Period,Paid (USD),Paid invoices,Refunded (USD),Credited (USD),Disputes lost (USD),Net revenue (USD),Open (USD),Open invoices,Uncollectible (USD),Uncollectible invoices");
    const paidCents = lines.slice(1).reduce((s, l) => s + Math.round(Number(l.split(",")[1]) * 100), 0);
    expect(paidCents).toBe(await rawPaid(acme.id));
  });

  it("rejects bad filters with a clear message", () => {
    expect(() => parseReportFilters({ from: "2026-13-45" })).toThrow(/from/);
    expect(() => parseReportFilters({ from: "2026-02-01", to: "2026-01-01" })).toThrow(/start date/);
    expect(() => parseReportFilters({ by: "year" })).toThrow(/by/);
  });
});

describe("invalidation", () => {
  it("shows a changed figure on the next request, and leaves other tenants' entries cached", async () => {
    const filters = wideRange({ currency: "usd" });
    const before = await loadReport(customerOf(acme.id), "revenue", filters);
    expect((await loadReport(customerOf(acme.id), "revenue", filters)).figures.source).toBe("cache");
    await loadReport(customerOf(globex.id), "revenue", filters);

    const customer = await database.prisma.customer.findFirstOrThrow({ where: { tenantId: acme.id } });
    const created = Math.floor(Date.now() / 1000) - 3600;
    await applyStripeInvoice(
      {
        object: "invoice",
        id: `in_reports_${randomUUID().slice(0, 8)}`,
        customer: customer.stripeCustomerId,
        status: "paid",
        currency: "usd",
        subtotal: 12_345,
        total: 12_345,
        amount_due: 12_345,
        amount_paid: 12_345,
        amount_remaining: 0,
        period_start: created - 86_400 * 30,
        period_end: created,
        created,
        status_transitions: { finalized_at: created, paid_at: created + 60 },
      },
      { sourceId: `evt_reports_${randomUUID()}`, eventType: "invoice.paid", created: new Date() },
    );

    const after = await loadReport(customerOf(acme.id), "revenue", filters);
    expect(after.figures.source).toBe("computed");
    expect(after.figures.value.totals.paid).toBe(before.figures.value.totals.paid + 12_345);
    expect((await loadReport(customerOf(globex.id), "revenue", filters)).figures.source).toBe("cache");
    expect((await loadReport(support, "revenue", filters)).figures.value.totals.paid).toBe(await rawPaid(null));
  });
});

describe("stale fallback", () => {
  const key = () => ({ scope: randomUUID(), report: "revenue" as const, params: { from: "2026-01-01" } });

  it("serves the last good figures marked stale when recomputing fails", async () => {
    const k = key();
    await cachedReport(k, async () => ({ paid: 100 }));
    await publishReportChange({ tenantId: k.scope, reports: ["revenue"] });
    const served = await cachedReport(k, async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
    });
    expect(served).toMatchObject({ value: { paid: 100 }, stale: true, source: "stale-fallback" });
  });

  it("serves the last good figures when the database is too slow, then refreshes in the background", async () => {
    const k = key();
    await cachedReport(k, async () => ({ paid: 100 }), { ttlSeconds: 1 });
    await publishReportChange({ tenantId: k.scope, reports: ["revenue"] });
    let finish: (v: { paid: number }) => void = () => undefined;
    const slow = new Promise<{ paid: number }>((resolve) => (finish = resolve));
    const served = await cachedReport(k, () => slow, { staleAfterMs: 20 });
    expect(served).toMatchObject({ value: { paid: 100 }, stale: true });
    finish({ paid: 200 });
    await slow;
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cachedReport(k, async () => ({ paid: -1 }))).toMatchObject({ value: { paid: 200 }, stale: false, source: "cache" });
  });

  it("throws when there is nothing to fall back on", async () => {
    await expect(cachedReport(key(), async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
  });

  it("a real page load falls back when the rollup query fails", async () => {
    const filters = wideRange({ currency: "usd" });
    const good = await loadReport(customerOf(acme.id), "revenue", filters);
    await publishReportChange({ tenantId: acme.id, reports: ["revenue"] });
    await database.connection.exec("ALTER TABLE report_revenue_daily RENAME TO report_revenue_daily_away");
    try {
      const served = await loadReport(customerOf(acme.id), "revenue", filters);
      expect(served.figures.stale).toBe(true);
      expect(served.figures.value).toEqual(good.figures.value);
      await expect(getRevenueReport(acme.id, filters)).rejects.toThrow();
    } finally {
      await database.connection.exec("ALTER TABLE report_revenue_daily_away RENAME TO report_revenue_daily");
    }
  });
});
