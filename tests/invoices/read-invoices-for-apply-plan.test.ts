// Reading a batch's apply contexts probes each invoice by its keys, however large the tables: the
// planner's cost model prefers hashing a whole table over a hundred index probes at a few thousand
// rows (it prices every page as if read from disk), and that scan, repeated for every batch, was
// most of the database time of a burst (docs/benchmarks.md, "The burst alone").
import { afterAll, beforeAll, expect, it } from "vitest";
import { invoiceApplyContextsQuery } from "@/lib/invoices/read-invoice-for-apply";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
const INVOICES = 5_000;

beforeAll(async () => {
  database = await createTestDatabase();
  const tenantId = (await database.prisma.tenant.create({ data: { slug: "plan", name: "Plan Co" } })).id;
  const customerId = (await database.prisma.customer.create({ data: { stripeCustomerId: "cus_plan", tenantId, name: "Plan Co" } })).id;
  await database.prisma.$executeRawUnsafe(
    `INSERT INTO invoices (tenant_id, customer_id, stripe_invoice_id, status, currency, subtotal, total, amount_due, amount_paid, amount_remaining, period_start, period_end, stripe_created_at)
     SELECT $1::uuid, $2::uuid, 'in_plan_' || n, 'open', 'usd', 100, 100, 100, 0, 100, now(), now(), now() FROM generate_series(1, ${INVOICES}) AS n`,
    tenantId,
    customerId,
  );
  await database.prisma.$executeRawUnsafe(
    `INSERT INTO audit_events (entity_type, entity_id, event_type, payload, actor, source, tenant_id, source_event_id)
     SELECT 'invoice', i.id::text, 'invoice.updated', '{}', 'stripe', 'webhook', i.tenant_id, 'evt_plan_' || i.stripe_invoice_id FROM invoices i`,
  );
  await database.prisma.$executeRawUnsafe("ANALYZE");
});
afterAll(() => database.drop());

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Subplan Name"?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

it("reads a batch of 100 contexts with index probes, never a scan or a hash of a whole table", async () => {
  const keys = Array.from({ length: 100 }, (_, n) => ({ stripeInvoiceId: `in_plan_${n * 37 + 1}`, stripeCustomerId: "cus_plan", sourceEventId: `evt_new_${n}` }));
  const query = invoiceApplyContextsQuery(keys);
  const [row] = await database.prisma.$queryRawUnsafe<{ "QUERY PLAN": [{ Plan: PlanNode }] }[]>(`EXPLAIN (FORMAT JSON) ${query.text}`, ...query.values);
  const plan = nodes(row!["QUERY PLAN"][0].Plan);
  // Tables with no rows or one (customers, facts, refunds here) may be scanned: that is one page.
  const large = new Set(["invoices", "audit_events"]);
  const scannedLarge = plan.filter((node) => ["Seq Scan", "Bitmap Heap Scan"].includes(node["Node Type"]) && large.has(node["Relation Name"] ?? ""));
  expect(scannedLarge.map((node) => `${node["Node Type"]} on ${node["Relation Name"]}`)).toEqual([]);
  const hashedLarge = plan.filter((node) => node["Node Type"] === "Hash" && nodes(node).some((inner) => large.has(inner["Relation Name"] ?? "")));
  expect(hashedLarge).toEqual([]);
  expect(plan.some((node) => node["Relation Name"] === "invoices" && node["Node Type"].startsWith("Index"))).toBe(true);
});
