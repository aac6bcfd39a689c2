// The compiled sync against the Stripe simulator over the whole pipeline (webhooks, driver):
// totals agree after a sync, a half-failed sync retried makes no duplicates, 429s are waited out,
// the breaker opens on repeated failures and closes after its cool-down, a hold reaches Stripe, and
// an invoice whose pushes keep failing raises one alert with the money at stake.
import "../support/daily-sync-cron";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { setInvoiceHold } from "@/lib/invoices/intervene-on-invoice";
import { SYNC_FAILURE_ALERT_THRESHOLD } from "@/lib/billing-sync/failing-invoice-syncs";
import { getStripe } from "@/lib/stripe/client";
import { runBillingSync } from "@/lib/billing-sync/run-billing-sync";
import { StripeGuard, setStripeGuard } from "@/lib/billing-sync/stripe-guard";
import { getCurrentPeriodForTenant } from "@/lib/usage/queries";
import { recordUsage } from "@/lib/usage/record-usage";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { createDraftThroughStripe, usage } from "./helpers";

// Serve only the Stripe event functions and the sync: other areas' functions are not under test here.
vi.mock("@/inngest/index", async (importOriginal) => {
  const { stripeEventFunctions } = await importOriginal<typeof import("@/inngest/index")>();
  const { syncBillingFunction } = await import("@/inngest/functions/sync-billing");
  return { stripeEventFunctions, functions: [...stripeEventFunctions, syncBillingFunction] };
});

let pipeline: Pipeline;
let guard: StripeGuard;

function freshGuard(halfOpenAfterMs = 150): StripeGuard {
  guard = new StripeGuard({ ratePerSecond: 1000, failureThreshold: 3, halfOpenAfterMs, maxRateLimitRetries: 4 });
  setStripeGuard(guard);
  return guard;
}

async function record(tenantId: string, customer: string, from: number, count: number, line = "api_calls", unitAmount = 3) {
  for (let n = from; n < from + count; n++) {
    await recordUsage({ ...usage(customer, n, line, unitAmount), invoice: undefined }, { tenantId, source: "server", actor: "test" });
  }
}

async function stripeItems(stripeInvoiceId: string) {
  return (await getStripe().invoiceItems.list({ invoice: stripeInvoiceId, limit: 100 })).data;
}

beforeAll(async () => {
  pipeline = await startPipeline();
});

afterAll(async () => {
  setStripeGuard(undefined);
  await pipeline.close();
});

beforeEach(() => {
  freshGuard();
  pipeline.simulator.faults.clear();
});

describe("compiled sync", () => {
  it("pushes many increments as one item write per line, and local total = Stripe total", async () => {
    const draft = await createDraftThroughStripe(pipeline, "sync-correct");
    await record(draft.tenantId, draft.stripeCustomerId, 0, 40);
    const before = pipeline.simulator.calls.total();
    const first = await runBillingSync();
    // One create and one lines read for the new item: 2 calls for 40 increments.
    expect(first).toMatchObject({ pushed: 1, failed: 0, stripeCalls: 2 });
    expect(pipeline.simulator.calls.total() - before).toBe(2);

    await record(draft.tenantId, draft.stripeCustomerId, 40, 25);
    const second = await runBillingSync();
    expect(second).toMatchObject({ pushed: 1, stripeCalls: 1 });
    await pipeline.settle();

    const stripeInvoice = await getStripe().invoices.retrieve(draft.stripeInvoiceId);
    const local = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { id: draft.invoice.id } });
    const [period] = await getCurrentPeriodForTenant(draft.tenantId);
    expect(stripeInvoice.total).toBe(65 * 3);
    expect(Number(local.total)).toBe(stripeInvoice.total);
    expect(period?.total).toBe(stripeInvoice.total);
    expect(period?.pendingAmount).toBe(0);
    expect(await runBillingSync()).toMatchObject({ invoices: 0, stripeCalls: 0 });
  });

  it("shows unsynced usage in the running total before the sync", async () => {
    const draft = await createDraftThroughStripe(pipeline, "sync-running");
    await record(draft.tenantId, draft.stripeCustomerId, 0, 5, "storage", 10);
    const [period] = await getCurrentPeriodForTenant(draft.tenantId);
    expect(period).toMatchObject({ total: 50, pendingAmount: 50, stripeTotal: 0 });
  });

  it("retries a sync that failed half-way without duplicating items", async () => {
    const draft = await createDraftThroughStripe(pipeline, "sync-halfway");
    await record(draft.tenantId, draft.stripeCustomerId, 0, 10, "calls", 2);
    await record(draft.tenantId, draft.stripeCustomerId, 0, 10, "seats", 7);
    // The first create is processed by Stripe but its answer is lost.
    pipeline.simulator.faults.injectApiFault({ method: "POST", path: "/v1/invoiceitems", phase: "after", times: 1, fault: { kind: "server_error", status: 500 } });
    const failed = await runBillingSync({ tenantId: draft.tenantId });
    expect(failed.failed).toBe(1);

    const retried = await runBillingSync({ tenantId: draft.tenantId });
    expect(retried).toMatchObject({ pushed: 1, failed: 0 });
    await pipeline.settle();
    const items = await stripeItems(draft.stripeInvoiceId);
    expect(items).toHaveLength(2);
    const stripeInvoice = await getStripe().invoices.retrieve(draft.stripeInvoiceId);
    expect(stripeInvoice.total).toBe(10 * 2 + 10 * 7);
    const [period] = await getCurrentPeriodForTenant(draft.tenantId);
    expect(period?.total).toBe(stripeInvoice.total);
  });

  it("waits out 429s (Retry-After) instead of losing the write", async () => {
    const draft = await createDraftThroughStripe(pipeline, "sync-429");
    await record(draft.tenantId, draft.stripeCustomerId, 0, 3);
    pipeline.simulator.faults.injectApiFault({ method: "POST", path: "/v1/invoiceitems", times: 2, fault: { kind: "rate_limit", retryAfterSeconds: 0 } });
    const report = await runBillingSync({ tenantId: draft.tenantId });
    expect(report).toMatchObject({ pushed: 1, failed: 0 });
    expect(guard.stats.rateLimited).toBe(2);
    expect(await stripeItems(draft.stripeInvoiceId)).toHaveLength(1);
  });

  it("opens the breaker on repeated failures, fails fast while open, closes after the cool-down", async () => {
    // A cool-down longer than a run that also raises the failing-sync alert (at the third failure)
    // followed by the blocked run, with room for a slow embedded database under a full suite.
    const coolDownMs = 3_000;
    freshGuard(coolDownMs);
    const draft = await createDraftThroughStripe(pipeline, "sync-breaker");
    await record(draft.tenantId, draft.stripeCustomerId, 0, 3);
    const fault = pipeline.simulator.faults.injectApiFault({ path: "/v1/**", fault: { kind: "server_error", status: 503 } });
    for (let i = 0; i < 3; i++) await runBillingSync({ tenantId: draft.tenantId });
    expect(guard.state).toBe("open");

    const callsWhileOpen = pipeline.simulator.calls.total();
    const blocked = await runBillingSync({ tenantId: draft.tenantId });
    expect(blocked.breakerOpen).toBe(true);
    expect(pipeline.simulator.calls.total()).toBe(callsWhileOpen);
    const status = await pipeline.database.prisma.tenantSyncState.findUniqueOrThrow({ where: { tenantId: draft.tenantId } });
    expect(status.lastError).toMatch(/unreachable/i);

    pipeline.simulator.faults.removeApiFault(fault);
    await new Promise((resolve) => setTimeout(resolve, coolDownMs + 100));
    const recovered = await runBillingSync({ tenantId: draft.tenantId });
    expect(recovered).toMatchObject({ pushed: 1, failed: 0 });
    expect(guard.state).toBe("closed");
  });

  it("holds a draft from finalization by turning auto_advance off in Stripe", async () => {
    const draft = await createDraftThroughStripe(pipeline, "sync-hold");
    await getStripe().invoices.update(draft.stripeInvoiceId, { auto_advance: true });
    await pipeline.settle();
    const invoice = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { id: draft.invoice.id } });
    await setInvoiceHold({ invoiceId: invoice.id, held: true, reason: "disputed usage", expectedVersion: invoice.version }, { email: "support@test" });
    expect(await runBillingSync({ tenantId: draft.tenantId })).toMatchObject({ pushed: 1, stripeCalls: 1 });
    expect((await getStripe().invoices.retrieve(draft.stripeInvoiceId)).auto_advance).toBe(false);
    const audit = await pipeline.database.prisma.auditEvent.findFirst({ where: { entityId: invoice.id, eventType: "invoice.held" } });
    expect(audit?.actor).toBe("support@test");
  });
});

function syncState(invoiceId: string) {
  return pipeline.database.prisma.invoiceSyncState.findUniqueOrThrow({ where: { invoiceId } });
}

function alertsOf(invoiceId: string) {
  return pipeline.database.prisma.dlqAlert.findMany({ where: { alertKey: { startsWith: `billing-sync:${invoiceId}:` } }, orderBy: { createdAt: "asc" } });
}

/** Stripe refuses every invoice-item write (create and update) as it would on a finalized invoice. */
function refuseInvoiceItems(): () => void {
  const fault = { kind: "invalid_request", status: 400, message: "This invoice is no longer editable." } as const;
  const rules = ["/v1/invoiceitems", "/v1/invoiceitems/:id"].map((path) => pipeline.simulator.faults.injectApiFault({ method: "POST", path, fault }));
  return () => rules.forEach((rule) => pipeline.simulator.faults.removeApiFault(rule));
}

// A draft whose compiled sync keeps failing is not retried in silence: below the threshold the
// counter only counts, at the threshold one alert names the invoice, tenant, Stripe error and the
// unsynced usage at stake, later failures count into that alert, and a successful push resets it.
describe("alert when an invoice's compiled sync keeps failing", () => {
  it("alerts once at the threshold with the money at stake, groups later failures, and resets on success", async () => {
    expect(SYNC_FAILURE_ALERT_THRESHOLD).toBe(3);
    const draft = await createDraftThroughStripe(pipeline, "sync-stuck");
    await record(draft.tenantId, draft.stripeCustomerId, 0, 12, "api_calls", 2_500);
    const accept = refuseInvoiceItems();
    const inboxBefore = await pipeline.database.prisma.localInboxMessage.count();

    for (let tick = 1; tick < SYNC_FAILURE_ALERT_THRESHOLD; tick++) {
      expect(await runBillingSync({ tenantId: draft.tenantId })).toMatchObject({ failed: 1 });
      expect((await syncState(draft.invoice.id)).consecutiveSyncFailures).toBe(tick);
      expect(await alertsOf(draft.invoice.id)).toEqual([]);
    }

    expect(await runBillingSync({ tenantId: draft.tenantId })).toMatchObject({ failed: 1 });
    const [alert, ...more] = await alertsOf(draft.invoice.id);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ kind: "sync", tenantId: draft.tenantId, occurrences: 1 });
    expect(alert!.text).toContain(draft.stripeInvoiceId);
    expect(alert!.text).toContain("sync-stuck");
    expect(alert!.text).toContain("This invoice is no longer editable.");
    expect(alert!.text).toContain("$300.00");
    expect(alert!.text).toContain(`failed ${SYNC_FAILURE_ALERT_THRESHOLD} times in a row`);
    const inbox = await pipeline.database.prisma.localInboxMessage.findMany({ where: { createdAt: { gte: alert!.createdAt } } });
    expect(inbox.filter((m) => m.text.includes(draft.stripeInvoiceId))).toHaveLength(1);
    expect(await pipeline.database.prisma.localInboxMessage.count()).toBe(inboxBefore + 1);

    // Further failures count into the same alert; nothing is sent again.
    for (let tick = 0; tick < 2; tick++) await runBillingSync({ tenantId: draft.tenantId });
    expect(await alertsOf(draft.invoice.id)).toEqual([expect.objectContaining({ id: alert!.id, occurrences: 3 })]);
    expect(await pipeline.database.prisma.localInboxMessage.count()).toBe(inboxBefore + 1);
    expect((await syncState(draft.invoice.id)).consecutiveSyncFailures).toBe(SYNC_FAILURE_ALERT_THRESHOLD + 2);

    // Stripe accepts again: the push succeeds and the counter resets.
    accept();
    expect(await runBillingSync({ tenantId: draft.tenantId })).toMatchObject({ pushed: 1, failed: 0 });
    expect(await syncState(draft.invoice.id)).toMatchObject({ consecutiveSyncFailures: 0, syncFailingSince: null, lastSyncError: null });
    expect((await getStripe().invoices.retrieve(draft.stripeInvoiceId)).total).toBe(12 * 2_500);

    // A new run of failures starts from zero and, at the threshold, is a new alert.
    await record(draft.tenantId, draft.stripeCustomerId, 100, 1, "api_calls", 2_500);
    const acceptAgain = refuseInvoiceItems();
    for (let tick = 1; tick < SYNC_FAILURE_ALERT_THRESHOLD; tick++) await runBillingSync({ tenantId: draft.tenantId });
    expect(await alertsOf(draft.invoice.id)).toHaveLength(1);
    await runBillingSync({ tenantId: draft.tenantId });
    const alerts = await alertsOf(draft.invoice.id);
    expect(alerts).toHaveLength(2);
    expect(alerts[1]!.text).toContain("$25.00");
    acceptAgain();
  });

  it("does not alert on transient errors that clear before the threshold", async () => {
    const draft = await createDraftThroughStripe(pipeline, "sync-transient");
    await record(draft.tenantId, draft.stripeCustomerId, 0, 2, "api_calls", 400);
    pipeline.simulator.faults.injectApiFault({ method: "POST", path: "/v1/invoiceitems", times: SYNC_FAILURE_ALERT_THRESHOLD - 1, fault: { kind: "server_error", status: 503 } });
    for (let tick = 1; tick < SYNC_FAILURE_ALERT_THRESHOLD; tick++) {
      expect(await runBillingSync({ tenantId: draft.tenantId })).toMatchObject({ failed: 1 });
    }
    expect((await syncState(draft.invoice.id)).consecutiveSyncFailures).toBe(SYNC_FAILURE_ALERT_THRESHOLD - 1);
    expect(await runBillingSync({ tenantId: draft.tenantId })).toMatchObject({ pushed: 1, failed: 0 });
    expect((await syncState(draft.invoice.id)).consecutiveSyncFailures).toBe(0);
    expect(await alertsOf(draft.invoice.id)).toEqual([]);
  });
});
