// Many producers at once on one customer and line — singles and batches, some retried whole —
// and the sum is exact: every acknowledged increment counted once. Then the same while the draft
// is finalized and the next one opens mid-stream: nothing acknowledged goes missing.
import { describe, expect, it } from "vitest";
import { attachPendingUsage } from "@/lib/usage/attach-pending-usage";
import { increment, quantityOf, seedDraft, usageTenantFixture } from "./helpers";

const usage = usageTenantFixture("concurrency");

const PRODUCERS = 16;
const REQUESTS_EACH = 6;

/** One producer: singles and batches of 20, each request sent twice (a client retrying). Returns what was acknowledged. */
async function produce(producer: number, prefix: string, line: string): Promise<Map<string, number>> {
  const acknowledged = new Map<string, number>();
  const cus = usage.tenant.customer.stripeCustomerId;
  for (let r = 0; r < REQUESTS_EACH; r++) {
    const items = Array.from({ length: r % 2 === 0 ? 1 : 20 }, (_, n) => increment(cus, `${prefix}-${producer}-${r}-${n}`, 1 + ((producer + n) % 5), line));
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await usage.client.post(items.length === 1 ? items[0] : { increments: items });
      expect(response.ok).toBe(true);
      const body = await response.json();
      const results = items.length === 1 ? [body] : body.results;
      results.forEach((result: { status: string }, n: number) => {
        expect(result.status).toBe(attempt === 0 ? "recorded" : "duplicate");
        acknowledged.set(items[n]!.idempotencyKey, items[n]!.quantity);
      });
    }
  }
  return acknowledged;
}

const sum = (maps: Map<string, number>[]) => maps.reduce((total, map) => total + [...map.values()].reduce((a, b) => a + b, 0), 0);

describe("many producers on one customer and line", () => {
  it("sums exactly", async () => {
    const acknowledged = await Promise.all(Array.from({ length: PRODUCERS }, (_, p) => produce(p, "conc", "api_calls")));
    const expected = sum(acknowledged);
    expect(await quantityOf(usage.database.prisma, usage.tenant.customer.id, "api_calls")).toBe(expected);
    const count = acknowledged.reduce((total, map) => total + map.size, 0);
    expect(await usage.database.prisma.usageIncrement.count({ where: { line: { lineKey: "api_calls" } } })).toBe(count);
  });

  it("loses nothing acknowledged while the draft is finalized and the next one opens", async () => {
    const producing = Promise.all(Array.from({ length: PRODUCERS }, (_, p) => produce(p, "turnover", "storage")));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await usage.database.prisma.invoice.update({ where: { id: usage.tenant.invoice.id }, data: { status: "open" } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const next = await seedDraft(usage.database.prisma, usage.tenant.tenant.id, usage.tenant.customer.id, "in_concurrency_next");
    const expected = sum(await producing);
    await attachPendingUsage({ tenantId: usage.tenant.tenant.id });

    const rows = await usage.database.prisma.$queryRaw<{ total: bigint }[]>`
      SELECT COALESCE(SUM(i.quantity), 0) AS total FROM usage_increments i JOIN usage_lines l ON l.id = i.usage_line_id
      WHERE l.line_key = 'storage' AND l.invoice_id IN (${usage.tenant.invoice.id}::uuid, ${next.id}::uuid)`;
    const held = await usage.database.prisma.pendingUsageIncrement.aggregate({ where: { lineKey: "storage", attachedAt: null }, _sum: { quantity: true } });
    expect(Number(rows[0]?.total) + (held._sum.quantity ?? 0)).toBe(expected);
  });
});
