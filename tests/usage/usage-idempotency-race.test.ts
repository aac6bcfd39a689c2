// Idempotency under concurrency: of all the requests carrying one key — singles or batches, held
// for a customer without a draft or written onto a draft's line — exactly one is told "recorded",
// the others "duplicate", and the key is counted once.
import { describe, expect, it } from "vitest";
import { attachPendingUsage } from "@/lib/usage/attach-pending-usage";
import { clearUsageLookups } from "@/lib/usage/resolve-targets";
import { writeIncrements, type IncrementToWrite } from "@/lib/usage/write-increments";
import { holdTransaction, increment, quantityOf, seedCustomerWithoutDraft, seedDraft, usageTenantFixture } from "./helpers";

const usage = usageTenantFixture("idempotency-race");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every row stored under `key` that counts towards a total: on a line, or still held. */
async function rowsOfKey(key: string): Promise<number> {
  const rows = await usage.database.prisma.$queryRaw<{ count: bigint }[]>`
    SELECT (SELECT count(*) FROM usage_increments WHERE idempotency_key = ${key})
         + (SELECT count(*) FROM pending_usage_increments WHERE idempotency_key = ${key} AND attached_at IS NULL) AS count`;
  return Number(rows[0]?.count ?? 0);
}

describe("one idempotency key written on the draft path and the held path at once", () => {
  it.each([
    { first: "draft", second: "held" },
    { first: "held", second: "draft" },
  ] as const)("is recorded once when the $first write is in flight as the $second one runs", async ({ first, second }) => {
    const { tenant, customer } = usage.tenant;
    const key = `race-${first}-then-${second}`;
    // The customer's draft line, made by an ordinary increment.
    expect((await usage.client.post(increment(customer.stripeCustomerId, `${key}-line`, 1))).status).toBe(201);
    const line = await usage.database.prisma.usageLine.findFirstOrThrow({ where: { invoiceId: usage.tenant.invoice.id, lineKey: "api_calls" } });
    const write = (path: "draft" | "held"): IncrementToWrite => ({
      tenantId: tenant.id,
      customerId: customer.id,
      usageLineId: path === "draft" ? line.id : null,
      lineKey: "api_calls",
      description: "Usage: api_calls",
      unitAmount: 3,
      quantity: 7,
      idempotencyKey: key,
      source: "api",
      actor: "test",
      reason: null,
    });

    // The first write has claimed its key and inserted its row, and not committed yet (the other
    // statement of the group commit in flight).
    const firstWrite = await holdTransaction(usage.database.prisma, async (tx) => expect(await writeIncrements([write(first)], tx)).toEqual([expect.objectContaining({ pending: first === "held" })]));
    const secondWrite = writeIncrements([write(second)]);
    await sleep(300);
    await firstWrite.release();
    // The second write finds the key taken: nothing written, left for the caller to call a duplicate.
    expect(await secondWrite).toEqual([null]);
    expect(await rowsOfKey(key)).toBe(1);
  });
});

describe("many producers repeating keys on one customer and line", () => {
  const PRODUCERS = 6;

  /** Every producer sends every key (batches of 10 and singles, in its own order); results by key. */
  async function produce(cus: string, keys: { key: string; quantity: number }[]): Promise<Map<string, string[]>> {
    const statuses = new Map<string, string[]>(keys.map((k) => [k.key, []]));
    await Promise.all(
      Array.from({ length: PRODUCERS }, async (_, producer) => {
        const mine = keys.map((_, n) => keys[(n + producer * 7) % keys.length]!);
        for (let start = 0; start < mine.length; start += 10) {
          const chunk = mine.slice(start, start + 10).map((k) => increment(cus, k.key, k.quantity));
          const bodies = producer % 2 === 0 ? [{ increments: chunk }] : chunk;
          for (const body of bodies) {
            const response = await usage.client.post(body);
            expect(response.ok).toBe(true);
            const json = await response.json();
            const results: { status: string }[] = "increments" in body ? json.results : [json];
            const sent = "increments" in body ? body.increments : [body];
            results.forEach((result, n) => statuses.get(sent[n]!.idempotencyKey)!.push(result.status));
          }
        }
      }),
    );
    return statuses;
  }

  function expectRecordedOnce(statuses: Map<string, string[]>, alreadyRecorded = false) {
    for (const [key, seen] of statuses) {
      expect({ key, recorded: seen.filter((s) => s === "recorded").length }).toEqual({ key, recorded: alreadyRecorded ? 0 : 1 });
      expect({ key, duplicates: seen.filter((s) => s === "duplicate").length }).toEqual({ key, duplicates: alreadyRecorded ? PRODUCERS : PRODUCERS - 1 });
    }
  }

  it("records each key once, before, during and after the customer's first draft appears; the sum is exact", async () => {
    const { prisma } = usage.database;
    const tenantId = usage.tenant.tenant.id;
    const customer = await seedCustomerWithoutDraft(prisma, tenantId, "cus_race_producers");
    const keys = (prefix: string) => Array.from({ length: 30 }, (_, n) => ({ key: `${prefix}-${String(n).padStart(3, "0")}`, quantity: 1 + (n % 4) }));
    const heldFirst = keys("held-first");
    const across = keys("across-draft");

    // No draft yet: held.
    expectRecordedOnce(await produce(customer.stripeCustomerId, heldFirst));

    // The draft opens while producers send the held keys again and new ones.
    const producing = Promise.all([produce(customer.stripeCustomerId, heldFirst), produce(customer.stripeCustomerId, across)]);
    await sleep(20);
    await seedDraft(prisma, tenantId, customer.id, "in_race_producers");
    clearUsageLookups();
    const [again, during] = await producing;
    expectRecordedOnce(again, true);
    expectRecordedOnce(during);

    // After the draft exists: everything is a duplicate.
    expectRecordedOnce(await produce(customer.stripeCustomerId, [...heldFirst, ...across]), true);

    await attachPendingUsage({ tenantId });
    const expected = [...heldFirst, ...across].reduce((sum, k) => sum + k.quantity, 0);
    expect(await quantityOf(prisma, customer.id)).toBe(expected);
    for (const { key } of [...heldFirst, ...across]) expect({ key, rows: await rowsOfKey(key) }).toEqual({ key, rows: 1 });
  });
});
