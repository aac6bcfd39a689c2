// POST /api/usage/corrections: an increment amended or voided append-only (an adjusting increment
// with its reason, a correction row, an audit event), idempotent, and refused (409) once the
// invoice holding it is finalized.
import { describe, expect, it } from "vitest";
import { attachPendingUsage } from "@/lib/usage/attach-pending-usage";
import { increment, quantityOf, seedCustomerWithoutDraft, seedDraft, usageTenantFixture } from "./helpers";

const usage = usageTenantFixture("corrections");

const auditOf = (incrementId: string) =>
  usage.database.prisma.auditEvent.findMany({ where: { entityType: "usage_increment", entityId: incrementId }, orderBy: { id: "asc" } });

describe("correcting usage", () => {
  it("amends, then voids, an increment by appending adjustments; the original never changes", async () => {
    const cus = usage.tenant.customer.stripeCustomerId;
    const recorded = await (await usage.client.post(increment(cus, "to-correct-1", 5))).json();
    await usage.client.post(increment(cus, "untouched-1", 2));

    const amend = { action: "amend", idempotencyKey: "amend-to-correct-1", increment: "to-correct-1", quantity: 3, reason: "double-counted retries" };
    const amended = await usage.client.correct(amend);
    expect(amended.status).toBe(201);
    expect(await amended.json()).toMatchObject({ correctedIncrementId: recorded.incrementId, previousQuantity: 5, quantity: 3, duplicate: false });
    expect(await quantityOf(usage.database.prisma, usage.tenant.customer.id)).toBe(3 + 2);

    const retried = await usage.client.correct(amend);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ duplicate: true, quantity: 3 });
    expect(await quantityOf(usage.database.prisma, usage.tenant.customer.id)).toBe(3 + 2);

    const voided = await usage.client.correct({ action: "void", idempotencyKey: "void-to-correct-1", increment: "to-correct-1", reason: "test traffic" });
    expect(await voided.json()).toMatchObject({ previousQuantity: 3, quantity: 0 });
    expect(await quantityOf(usage.database.prisma, usage.tenant.customer.id)).toBe(2);

    const original = await usage.database.prisma.usageIncrement.findUniqueOrThrow({ where: { id: BigInt(recorded.incrementId) } });
    expect(original.quantity).toBe(5);
    const adjustments = await usage.database.prisma.usageIncrement.findMany({ where: { source: "correction" }, orderBy: { id: "asc" } });
    expect(adjustments.map((a) => [a.quantity, a.reason])).toEqual([
      [-2, "amend: double-counted retries"],
      [-3, "void: test traffic"],
    ]);
    const audit = await auditOf(recorded.incrementId);
    expect(audit.map((a) => a.eventType)).toEqual(["usage.amended", "usage.voided"]);
    expect(audit[0]).toMatchObject({ actor: expect.stringMatching(/^api_key:/), payload: expect.objectContaining({ previousQuantity: 5, quantity: 3, reason: "double-counted retries" }) });
    expect(await usage.database.prisma.usageCorrection.count()).toBe(2);
  });

  it.each([
    ["an unknown increment", { action: "void", idempotencyKey: "void-unknown-1", increment: "never-recorded", reason: "no such thing" }, 404],
    ["a correction of a correction", { action: "void", idempotencyKey: "void-the-void", increment: "void-to-correct-1", reason: "undo" }, 400],
    ["a missing reason", { action: "amend", idempotencyKey: "amend-no-reason", increment: "untouched-1", quantity: 1 }, 400],
    ["a negative quantity", { action: "amend", idempotencyKey: "amend-negative", increment: "untouched-1", quantity: -1, reason: "oops" }, 400],
  ])("refuses %s with nothing written", async (_name, body, status) => {
    const before = await usage.database.prisma.usageCorrection.count();
    const response = await usage.client.correct(body);
    expect(response.status).toBe(status);
    expect((await response.json()).error.message).toEqual(expect.any(String));
    expect(await usage.database.prisma.usageCorrection.count()).toBe(before);
  });

  it("corrects usage still held for the next draft, and the correction travels with it", async () => {
    const customer = await seedCustomerWithoutDraft(usage.database.prisma, usage.tenant.tenant.id, "cus_corrections_held");
    await usage.client.post(increment("cus_corrections_held", "held-to-correct", 4));
    const response = await usage.client.correct({ action: "amend", idempotencyKey: "amend-held-1", increment: "held-to-correct", quantity: 1, reason: "meter reset" });
    expect(response.status).toBe(201);
    expect((await (await usage.client.toDate("cus_corrections_held")).json()).total).toBe(3);
    const draft = await seedDraft(usage.database.prisma, usage.tenant.tenant.id, customer.id, "in_corrections_held");
    await attachPendingUsage({ customerIds: [customer.id] });
    const toDate = await (await usage.client.toDate("cus_corrections_held")).json();
    expect(toDate.lines).toEqual([expect.objectContaining({ quantity: 1, invoice: draft.stripeInvoiceId })]);
  });

  it("refuses a correction once the invoice is finalized (409), writing nothing", async () => {
    await usage.database.prisma.invoice.update({ where: { id: usage.tenant.invoice.id }, data: { status: "open" } });
    const before = await quantityOf(usage.database.prisma, usage.tenant.customer.id);
    const response = await usage.client.correct({ action: "void", idempotencyKey: "void-after-final", increment: "untouched-1", reason: "too late" });
    expect(response.status).toBe(409);
    expect((await response.json()).error.message).toMatch(/open: its usage can no longer be corrected/);
    expect(await quantityOf(usage.database.prisma, usage.tenant.customer.id)).toBe(before);
    const untouched = await usage.database.prisma.usageIncrement.findFirstOrThrow({ where: { idempotencyKey: "untouched-1" } });
    expect(await auditOf(untouched.id.toString())).toHaveLength(0);
  });
});
