// An invoice longer than the first page Stripe embeds in its events is stored with every line:
// the lines are fetched from Stripe before the apply, and a failing fetch is retried, never
// replaced by the truncated page.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EventObject } from "@ledgerline/stripe-simulator";
import { setStripeGuard } from "@/lib/billing-sync/stripe-guard";
import { getInvoiceForTenant, listInvoiceLinesForTenant } from "@/lib/billing/queries";
import { isHandledStripeEventType } from "@/lib/webhooks/handled-event-types";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { expectEventsAccountedFor } from "../support/pipeline-invariants";

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline();
});
afterAll(() => pipeline.close());
beforeEach(() => {
  pipeline.simulator.faults.clear();
  // A fresh breaker per test: one test's injected outage must not hold the next one's calls.
  setStripeGuard(undefined);
});

const LINE_COUNT = 25;
const items = Array.from({ length: LINE_COUNT }, (_, i) => ({ amount: 300 + i * 7, description: `Usage block ${i + 1}` }));
const expectedAmounts = items.map((item) => item.amount).sort((a, b) => a - b);

interface EmbeddedLines {
  data: unknown[];
  has_more?: boolean;
  total_count?: number;
}

function embeddedLines(event: EventObject): EmbeddedLines {
  return (event.data.object as { lines: EmbeddedLines }).lines;
}

/** How many lines the invoice had when the event was recorded. */
function lineCountAt(event: EventObject): number {
  const lines = embeddedLines(event);
  return lines.total_count ?? (lines.has_more ? lines.data.length + 1 : lines.data.length);
}

async function storedInvoice(stripeInvoiceId: string) {
  return pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId }, include: { lineItems: true } });
}

/** No applied event stored fewer lines than its invoice had: a first page is never applied as the whole. */
async function expectNoTruncatedApply(events: EventObject[]) {
  const byId = new Map(events.map((e) => [e.id, e]));
  const audits = await pipeline.database.prisma.auditEvent.findMany({ where: { entityType: "invoice", sourceEventId: { in: [...byId.keys()] } } });
  for (const audit of audits) {
    const event = byId.get(audit.sourceEventId ?? "")!;
    const stored = (audit.payload as { lines: number }).lines;
    expect({ event: event.id, complete: stored >= lineCountAt(event) }).toEqual({ event: event.id, complete: true });
  }
}

describe("complete invoices", () => {
  it("stores all 25 lines of an invoice whose events carry only the first page, delivered shuffled and twice", async () => {
    pipeline.simulator.faults.setWebhookFaults({ duplicate: { copies: 2 }, reorder: { batchSize: 200, order: "shuffle", flushAfterMs: 100 } });
    const customer = pipeline.createCustomer("long-invoice");
    const { invoice, events } = pipeline.simulator.simulateInvoiceLifecycle(customer, { outcome: "pay", items });
    const truncated = events.filter((e) => e.type.startsWith("invoice.") && embeddedLines(e).has_more === true);
    expect(truncated.length).toBeGreaterThan(0);
    for (const event of truncated) expect(embeddedLines(event)).toMatchObject({ total_count: expect.any(Number), url: `/v1/invoices/${invoice.id}/lines` });
    for (const event of truncated) expect(embeddedLines(event).data).toHaveLength(10);
    pipeline.simulator.calls.reset();
    await pipeline.settle();
    // Lines were fetched for events on their own, not only with a re-fetched invoice.
    expect(pipeline.simulator.calls.count("GET /v1/invoices/:id/lines")).toBeGreaterThan(pipeline.simulator.calls.count("GET /v1/invoices/:id"));

    const stored = await storedInvoice(invoice.id);
    expect(stored.status).toBe("paid");
    expect(stored.lineItems.map((l) => Number(l.amount)).sort((a, b) => a - b)).toEqual(expectedAmounts);
    await expectEventsAccountedFor(pipeline.database.prisma, events.map((e) => e.id));
    await expectNoTruncatedApply(events);

    const page = await getInvoiceForTenant(stored.tenantId, stored.id);
    expect(page?.lineItems).toHaveLength(LINE_COUNT);
    const lines = await listInvoiceLinesForTenant(stored.tenantId, stored.id);
    expect(lines.map((l) => l.description).sort()).toEqual(items.map((i) => i.description).sort());
  });

  it("retries a failing lines fetch and applies the whole invoice once Stripe answers", async () => {
    pipeline.simulator.faults.injectApiFault({ method: "GET", path: "/v1/invoices/:id/lines", times: 2, fault: { kind: "server_error", status: 503 } });
    const customer = pipeline.createCustomer("long-invoice-retried");
    const { invoice, events } = pipeline.simulator.simulateInvoiceLifecycle(customer, { outcome: "open", items });
    await pipeline.settle();

    // Lines are fetched before an event's apply, and with the invoice when same-second events disagree.
    const lineFetches = ["fetch-invoice-lines", "refetch-invoice-snapshot"];
    const attempts = await pipeline.database.prisma.jobAttempt.findMany({ where: { step: { in: lineFetches }, jobId: { in: events.map((e) => e.id) } } });
    expect(attempts).toHaveLength(2);
    expect(attempts.every((a) => (a.retryDelayMs ?? 0) > 0 && /unavailable/i.test(a.error))).toBe(true);
    const stored = await storedInvoice(invoice.id);
    expect(stored.status).toBe("open");
    expect(stored.lineItems.map((l) => Number(l.amount)).sort((a, b) => a - b)).toEqual(expectedAmounts);
    await expectEventsAccountedFor(pipeline.database.prisma, events.map((e) => e.id));
    await expectNoTruncatedApply(events);
    expect(await pipeline.database.prisma.failureEnvelope.count({ where: { stripeEventId: { in: events.map((e) => e.id) } } })).toBe(0);
  });

  it("ends in failure envelopes, not a partial invoice, when the lines never arrive", async () => {
    pipeline.simulator.faults.injectApiFault({ method: "GET", path: "/v1/invoices/:id/lines", fault: { kind: "server_error", status: 500 } });
    const customer = pipeline.createCustomer("long-invoice-unreachable");
    const { events } = pipeline.simulator.simulateInvoiceLifecycle(customer, { outcome: "open", items });
    await pipeline.settle(30_000);

    const truncated = events.filter((e) => isHandledStripeEventType(e.type) && e.type.startsWith("invoice.") && embeddedLines(e).has_more === true);
    expect(truncated.length).toBeGreaterThan(0);
    const envelopes = await pipeline.database.prisma.failureEnvelope.findMany({ where: { stripeEventId: { in: truncated.map((e) => e.id) } } });
    expect(envelopes.map((e) => e.stripeEventId).sort()).toEqual(truncated.map((e) => e.id).sort());
    await expectNoTruncatedApply(events);
    expect(await pipeline.database.prisma.auditEvent.count({ where: { sourceEventId: { in: truncated.map((e) => e.id) } } })).toBe(0);
  });
});
