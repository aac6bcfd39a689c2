// Backfill after an endpoint outage, against the whole pipeline: events Stripe created while our
// webhook route was failing are fed through the normal path; events already in the inbox are
// skipped; Stripe's 30-day window is enforced before anything is called or written.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CRON_SECRET = "test-cron-secret-0123456789";
});

import { GET as catchUpRoute } from "@/app/api/cron/stripe-catch-up/route";
import { backfillStripeEvents, type BackfillReport } from "@/lib/backfill/backfill-stripe-events";
import { isAppError } from "@/lib/errors/app-error";
import { isHandledStripeEventType } from "@/lib/webhooks/handled-event-types";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { expectEventsAccountedFor } from "../support/pipeline-invariants";

let pipeline: Pipeline;
let outageEventIds: string[] = [];
let outageInvoiceId = "";
const hourAgo = () => new Date(Date.now() - 3_600_000);

beforeAll(async () => {
  pipeline = await startPipeline();
  // Before the outage: one customer's events arrive normally.
  pipeline.createCustomer("before-outage");
  await pipeline.settle();

  // The outage: every delivery fails until Stripe gives up retrying.
  const seenBefore = new Set(pipeline.simulator.store.listEvents().map((e) => e.id));
  pipeline.simulator.faults.setWebhookFaults({ failFirstAttempts: { attempts: 50 } });
  const customer = pipeline.createCustomer("during-outage");
  outageInvoiceId = pipeline.simulator.simulateInvoiceLifecycle(customer, { outcome: "pay", items: [{ amount: 4200 }] }).invoice.id;
  await pipeline.settle();
  pipeline.simulator.faults.clearWebhookFaults();
  outageEventIds = pipeline.simulator.store.listEvents().map((e) => e.id).filter((id) => !seenBefore.has(id));
});
afterAll(() => pipeline?.close());

const handledOutageEvents = () =>
  pipeline.simulator.store.listEvents().filter((e) => outageEventIds.includes(e.id) && isHandledStripeEventType(e.type));

describe("backfillStripeEvents", () => {
  it("leaves the outage's events missing until the backfill runs", async () => {
    expect(handledOutageEvents().length).toBeGreaterThan(2);
    expect(await pipeline.database.prisma.webhookInbox.count({ where: { eventId: { in: outageEventIds } } })).toBe(0);
    expect(await pipeline.database.prisma.invoice.count({ where: { stripeInvoiceId: outageInvoiceId } })).toBe(0);
  });

  it("feeds the events the inbox lacks through the pipeline and skips those it has", async () => {
    const delivered = await pipeline.database.prisma.webhookInbox.count({ where: { type: { in: handledOutageEvents().map((e) => e.type) } } });
    const report = await backfillStripeEvents({ since: hourAgo(), actor: "support@ledgerline.test", source: "support" });
    const handledTotal = pipeline.simulator.store.listEvents().filter((e) => isHandledStripeEventType(e.type)).length;

    expect(report).toMatchObject({ seen: handledTotal, fed: handledOutageEvents().length, alreadyInInbox: handledTotal - handledOutageEvents().length, ignored: 0, queued: 0, invalid: 0 });
    expect(delivered).toBeGreaterThan(0);
    await pipeline.settle();
    const invoice = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: outageInvoiceId } });
    expect(invoice).toMatchObject({ status: "paid", total: BigInt(4200) });
    await expectEventsAccountedFor(pipeline.database.prisma, handledOutageEvents().map((e) => e.id));

    const audit = await pipeline.database.prisma.auditEvent.findFirstOrThrow({ where: { entityType: "stripe_backfill", entityId: report.runId } });
    expect(audit).toMatchObject({ eventType: "stripe.backfill.completed", actor: "support@ledgerline.test", source: "support" });
  });

  it("feeds nothing twice: a second run finds everything in the inbox", async () => {
    const report = await backfillStripeEvents({ since: hourAgo(), actor: "cli:ops", source: "cli" });
    expect(report.fed).toBe(0);
    expect(report.alreadyInInbox).toBe(report.seen);
  });

  it("stores unhandled types as ignored only when asked for all types", async () => {
    const unhandled = pipeline.simulator.store.listEvents().filter((e) => outageEventIds.includes(e.id) && !isHandledStripeEventType(e.type));
    expect(unhandled.length).toBeGreaterThan(0);
    const report: BackfillReport = await backfillStripeEvents({ since: hourAgo(), allTypes: true, actor: "cli:ops", source: "cli" });
    expect(report).toMatchObject({ fed: 0, ignored: unhandled.length });
    const rows = await pipeline.database.prisma.webhookInbox.findMany({ where: { eventId: { in: unhandled.map((e) => e.id) } } });
    expect(rows.map((row) => row.status)).toEqual(unhandled.map(() => "ignored"));
  });

  it("refuses a start older than Stripe's 30 days before calling Stripe or writing", async () => {
    const callsBefore = pipeline.simulator.calls.count("GET /v1/events");
    const auditsBefore = await pipeline.database.prisma.auditEvent.count({ where: { entityType: "stripe_backfill" } });
    const since = new Date(Date.now() - 31 * 86_400_000);
    const error: unknown = await backfillStripeEvents({ since, actor: "cli:ops", source: "cli" }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe("invalid_input");
    expect((error as Error).message).toMatch(/Stripe keeps events for 30 days: the earliest start is/);
    expect(pipeline.simulator.calls.count("GET /v1/events")).toBe(callsBefore);
    expect(await pipeline.database.prisma.auditEvent.count({ where: { entityType: "stripe_backfill" } })).toBe(auditsBefore);
  });

  it("refuses an empty or inverted window", async () => {
    const now = new Date();
    await expect(backfillStripeEvents({ since: now, until: hourAgo(), actor: "cli:ops", source: "cli" })).rejects.toThrow(/must be before the end/);
  });

  it("reports a Stripe failure as retryable and records it in the audit log", async () => {
    pipeline.simulator.faults.failNextApiCalls(1, { kind: "server_error", status: 500 }, { method: "GET", path: "/v1/events" });
    const error: unknown = await backfillStripeEvents({ since: hourAgo(), actor: "cli:ops", source: "cli" }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe("unavailable");
    expect((error as Error).message).toMatch(/Run it again/);
    expect(await pipeline.database.prisma.auditEvent.count({ where: { entityType: "stripe_backfill", eventType: "stripe.backfill.failed" } })).toBe(1);
  });
});

describe("GET /api/cron/stripe-catch-up", () => {
  const call = (authorization?: string) =>
    catchUpRoute(new Request("http://app.test/api/cron/stripe-catch-up", { headers: authorization ? { authorization } : {} }));

  it("refuses requests without the cron secret", async () => {
    expect((await call()).status).toBe(401);
    expect((await call("Bearer wrong-secret-of-same-size-x")).status).toBe(401);
  });

  it("runs the catch-up window with the cron secret", async () => {
    const response = await call("Bearer test-cron-secret-0123456789");
    expect(response.status).toBe(200);
    const report = (await response.json()) as BackfillReport;
    expect(report.fed).toBe(0);
    expect(report.seen).toBeGreaterThan(0);
    const audit = await pipeline.database.prisma.auditEvent.findFirstOrThrow({ where: { entityType: "stripe_backfill", entityId: report.runId } });
    expect(audit).toMatchObject({ actor: "system:cron", source: "cron" });
  });
});
