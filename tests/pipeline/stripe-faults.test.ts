import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { retryPolicyFor } from "@/lib/jobs/retry-policies";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline();
});
afterAll(() => pipeline.close());
beforeEach(() => pipeline.simulator.faults.clear());

/** An invoice whose customer Ledgerline must fetch from Stripe (its own webhook never came). */
function invoiceOfUnknownCustomer(tenant: string, outcome: "open" | "pay" = "open") {
  const customerId = pipeline.simulator.store.seedCustomer({ name: tenant, metadata: { ledgerline_tenant: tenant } }).id;
  return { customerId, ...pipeline.simulator.simulateInvoiceLifecycle(customerId, { outcome }) };
}

describe("Stripe faults during processing", () => {
  it("retries transient 5xx answers with backoff, then succeeds", async () => {
    pipeline.simulator.faults.injectApiFault({ method: "GET", path: "/v1/customers/:id", times: 2, fault: { kind: "server_error", status: 503 } });
    const { invoice } = invoiceOfUnknownCustomer("transient");
    await pipeline.settle();
    const stored = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoice.id } });
    expect(stored.status).toBe("open");
    // Both injected 503s were seen (by whichever runs needed the customer) and retried.
    const attempts = await pipeline.database.prisma.jobAttempt.findMany({ where: { step: "fetch-customer" }, orderBy: { id: "asc" } });
    expect(attempts).toHaveLength(2);
    expect(attempts.every((a) => (a.retryDelayMs ?? 0) > 0)).toBe(true);
    for (const runId of new Set(attempts.map((a) => a.runId))) {
      const ofRun = attempts.filter((a) => a.runId === runId).map((a) => a.attempt);
      expect(ofRun).toEqual(ofRun.map((_, i) => i + 1));
    }
    expect(await pipeline.database.prisma.failureEnvelope.count()).toBe(0);
  });

  it("honours Stripe's Retry-After on 429", async () => {
    pipeline.simulator.faults.injectApiFault({ method: "GET", path: "/v1/customers/:id", times: 1, fault: { kind: "rate_limit", retryAfterSeconds: 1 } });
    const { invoice } = invoiceOfUnknownCustomer("rate-limited");
    const started = Date.now();
    await pipeline.settle();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    const attempt = await pipeline.database.prisma.jobAttempt.findFirstOrThrow({ where: { step: "fetch-customer", error: { contains: "rate limit" } } });
    expect(attempt.retryDelayMs).toBeGreaterThanOrEqual(1_000);
    expect((await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoice.id } })).status).toBe("open");
  });

  it("writes exactly one failure envelope when the retries are exhausted", async () => {
    pipeline.simulator.faults.injectApiFault({ method: "GET", path: "/v1/customers/:id", fault: { kind: "server_error", status: 500 } });
    const { events } = invoiceOfUnknownCustomer("exhausted");
    await pipeline.settle(30_000);
    const created = events.find((e) => e.type === "invoice.created")!;
    const envelopes = await pipeline.database.prisma.failureEnvelope.findMany({ where: { stripeEventId: created.id } });
    expect(envelopes).toHaveLength(1);
    const policy = retryPolicyFor("invoice-sync");
    expect(envelopes[0]).toMatchObject({ jobType: "stripe-invoice-created", status: "open", attempt: policy.maxAttempts, maxAttempts: policy.maxAttempts, nextRetryAt: null });
    expect(envelopes[0]!.reason).toMatch(/500|server|error/i);
    expect(envelopes[0]!.stack).toBeTruthy();
    expect((envelopes[0]!.payload as { stripeEvent: { id: string } }).stripeEvent.id).toBe(created.id);
    expect(envelopes[0]!.backoffStrategy).toMatchObject({ strategy: "exponential", maxAttempts: policy.maxAttempts });
    const inbox = await pipeline.database.prisma.webhookInbox.findUniqueOrThrow({ where: { eventId: created.id } });
    expect(inbox.status).toBe("failed");
    expect(await pipeline.database.prisma.auditEvent.count({ where: { entityType: "failure_envelope", entityId: envelopes[0]!.id } })).toBe(1);
  });

  it("gives payment jobs their own policy: three attempts, then a dead letter", async () => {
    pipeline.simulator.faults.injectApiFault({ method: "GET", path: "/v1/customers/:id", fault: { kind: "server_error", status: 502 } });
    const { events } = invoiceOfUnknownCustomer("payments", "pay");
    await pipeline.settle(30_000);
    const paid = events.find((e) => e.type === "invoice.paid")!;
    const envelope = await pipeline.database.prisma.failureEnvelope.findFirstOrThrow({ where: { stripeEventId: paid.id } });
    expect(envelope).toMatchObject({ jobType: "stripe-invoice-paid", attempt: 3, maxAttempts: 3 });
    expect(envelope.backoffStrategy).toMatchObject({ maxAttempts: 3 });
  });

  it("does not retry what retrying cannot fix: a customer without a tenant is dead-lettered at once", async () => {
    const customerId = pipeline.simulator.store.seedCustomer({ name: "No tenant" }).id;
    const { events } = pipeline.simulator.simulateInvoiceLifecycle(customerId, { outcome: "open" });
    await pipeline.settle();
    const created = events.find((e) => e.type === "invoice.created")!;
    const envelope = await pipeline.database.prisma.failureEnvelope.findFirstOrThrow({ where: { stripeEventId: created.id } });
    expect(envelope.attempt).toBe(1);
    expect(envelope.reason).toMatch(/ledgerline_tenant/);
  });
});
