// An acknowledged increment is never missing: not even when its draft is finalized, and the closed
// invoice's unsynced usage carried to the next draft, while the increment is being written.
import { describe, expect, it } from "vitest";
import { attachPendingUsage } from "@/lib/usage/attach-pending-usage";
import { carryOverUnsyncedUsage } from "@/lib/usage/carry-over-usage";
import { holdTransaction, increment, seedCustomerWithoutDraft, seedDraft, usageTenantFixture } from "./helpers";

const usage = usageTenantFixture("finalize-race");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Holds a usage line's row until released, so a write onto it stops after reading its invoice as a draft. */
function holdLine(lineId: string) {
  return holdTransaction(usage.database.prisma, (tx) => tx.$queryRaw`SELECT id FROM usage_lines WHERE id = ${lineId}::uuid FOR UPDATE`);
}

/** Stripe finalizes the invoice and the sync closes it out (carrying what Stripe never got). */
async function finalizeAndCloseOut(invoiceId: string) {
  await usage.database.prisma.invoice.update({ where: { id: invoiceId }, data: { status: "open" } });
  await carryOverUnsyncedUsage(usage.tenant.tenant.id);
}

describe("a draft finalized while an increment is written onto it", () => {
  it("counts the increment: on the draft before it closed (then carried), or held", async () => {
    const { prisma } = usage.database;
    const cus = usage.tenant.customer.stripeCustomerId;
    // The draft's line exists and the draft is in the lookup cache.
    expect((await usage.client.post(increment(cus, "finalize-race-first", 1))).status).toBe(201);
    const line = await prisma.usageLine.findFirstOrThrow({ where: { invoiceId: usage.tenant.invoice.id, lineKey: "api_calls" } });

    const held = await holdLine(line.id);
    const recording = usage.client.post(increment(cus, "finalize-race-second", 5));
    await sleep(300);
    const closing = finalizeAndCloseOut(usage.tenant.invoice.id);
    await sleep(300);
    await held.release();
    const response = await recording;
    expect(response.status).toBe(201);
    await closing;

    // Neither increment reached Stripe, so both wait for the next draft: 1 + 5.
    const toDate = await (await usage.client.toDate(cus)).json();
    expect(toDate.lines).toEqual([expect.objectContaining({ line: "api_calls", quantity: 6, invoice: null })]);
  });

  it("counts held usage being attached to a draft that is finalized meanwhile", async () => {
    const { prisma } = usage.database;
    const tenantId = usage.tenant.tenant.id;
    const customer = await seedCustomerWithoutDraft(prisma, tenantId, "cus_attach_race");
    expect((await usage.client.post(increment(customer.stripeCustomerId, "attach-race-held", 4))).status).toBe(201);
    const draft = await seedDraft(prisma, tenantId, customer.id, "in_attach_race");
    const line = await prisma.usageLine.create({ data: { tenantId, invoiceId: draft.id, lineKey: "api_calls", description: "Usage: api_calls", unitAmount: 3, currency: "usd" } });

    const held = await holdLine(line.id);
    const attaching = attachPendingUsage({ tenantId, customerIds: [customer.id] });
    await sleep(300);
    const closing = finalizeAndCloseOut(draft.id);
    await sleep(300);
    await held.release();
    await attaching;
    await closing;

    // Attached before the draft closed and carried back out, or still held: counted either way.
    const toDate = await (await usage.client.toDate(customer.stripeCustomerId)).json();
    expect(toDate.lines).toEqual([expect.objectContaining({ line: "api_calls", quantity: 4, invoice: null })]);
  });

  it("applies a correction to the draft before it closes, or refuses it, never after the close-out", async () => {
    const { prisma } = usage.database;
    const tenantId = usage.tenant.tenant.id;
    const customer = await seedCustomerWithoutDraft(prisma, tenantId, "cus_correct_race");
    const draft = await seedDraft(prisma, tenantId, customer.id, "in_correct_race");
    expect((await usage.client.post(increment(customer.stripeCustomerId, "correct-race-original", 5))).status).toBe(201);
    const line = await prisma.usageLine.findFirstOrThrow({ where: { invoiceId: draft.id, lineKey: "api_calls" } });

    const held = await holdLine(line.id);
    const correcting = usage.client.correct({ action: "amend", idempotencyKey: "correct-race-fix", increment: "correct-race-original", quantity: 2, reason: "retries counted twice" });
    await sleep(300);
    const closing = finalizeAndCloseOut(draft.id);
    await sleep(300);
    await held.release();
    const response = await correcting;
    await closing;

    // Applied (201): the next draft gets 2. Refused (409, the invoice had closed): it gets the 5.
    expect([201, 409]).toContain(response.status);
    const toDate = await (await usage.client.toDate(customer.stripeCustomerId)).json();
    expect(toDate.lines).toEqual([expect.objectContaining({ line: "api_calls", quantity: response.status === 201 ? 2 : 5, invoice: null })]);
  });
});
