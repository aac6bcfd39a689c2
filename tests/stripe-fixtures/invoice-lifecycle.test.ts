// Realistic Stripe events of the pinned API version, signed and posted to the webhook route, through
// the whole pipeline: an invoice of 25 lines (its events embed the first 10, the rest come from
// Stripe's line list) delivered out of order and twice, a deleted draft, a payment that needs the
// customer's authentication, and an overdue invoice of a past-due subscription. Each asserts the
// stored state, the audit trail, the customer's billing view over HTTP and the revenue report.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as billingRoute from "@/app/api/billing/invoices/route";
import * as invoiceRoute from "@/app/api/billing/invoices/[id]/route";
import { setStripeGuard } from "@/lib/billing-sync/stripe-guard";
import { TENANT_METADATA_KEY } from "@/lib/customers/tenant-mapping";
import { getRevenueReport } from "@/lib/reports/queries";
import { getWebhookSecret } from "@/lib/stripe/client";
import {
  deletedInvoiceObject,
  deliverStripeEvent,
  fixtureId,
  invoiceObject,
  invoicePayment,
  stripeEvent,
  subscriptionObject,
  type InvoiceInput,
  type JsonObject,
  type LineInput,
} from "../fixtures/stripe-events";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { expectEventsAccountedFor } from "../support/pipeline-invariants";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string; email: string; name: string; role: string; tenantId: string | null } } }));
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getServerSession: async () => session.current }));

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline();
  pipeline.routes["/api/billing/invoices"] = billingRoute;
});
afterAll(() => pipeline.close());
beforeEach(() => setStripeGuard(undefined));

// 2026-11-02T00:00:00Z: every event of a scenario is a few minutes after it.
const T0 = 1_793_577_600;
const REPORT_FILTERS = { from: "2026-11-01", to: "2026-11-30", by: "month" as const, currency: "usd" };

/** A customer in Stripe (the simulator) mapped to its own tenant; the pipeline learns it from Stripe. */
function stripeCustomer(slug: string): string {
  return pipeline.simulator.store.seedCustomer({ id: fixtureId("cus", slug.replaceAll("-", "")), name: `${slug} customer`, metadata: { [TENANT_METADATA_KEY]: slug } }).id;
}

/** Stripe's own copy of the invoice, final state: what its line list and a re-fetch answer. */
function seedStripeInvoice(input: InvoiceInput & { id: string }) {
  pipeline.simulator.store.seedInvoice({
    id: input.id,
    customer: input.customer,
    currency: input.currency,
    status: input.status,
    created: input.created,
    items: input.lines.map((line) => ({ lineId: line.id, amount: line.unitAmount, quantity: line.quantity, description: line.description })),
  });
}

async function deliver(event: JsonObject) {
  const answer = await deliverStripeEvent(pipeline.webhookUrl, event, getWebhookSecret());
  expect(answer.status).toBe(200);
  await pipeline.settle();
  return answer.body;
}

async function tenantIdOf(slug: string) {
  return (await pipeline.database.prisma.tenant.findUniqueOrThrow({ where: { slug } })).id;
}

function signInAs(tenantId: string) {
  session.current = { user: { id: "00000000-0000-4000-8000-0000000000c1", email: "customer@example.test", name: "Customer", role: "customer", tenantId } };
}

interface BillingViewBody {
  invoices: Array<{ id: string; number: string | null; status: string; total: number; paymentActionRequired: boolean; hostedInvoiceUrl: string | null; overdueSince: string | null }>;
  summary: Array<{ status: string; currency: string; total: number; count: number }>;
  pastDueSubscriptions: Array<{ status: string; invoice: { id: string; number: string | null; hostedInvoiceUrl: string | null } | null }>;
}

/** The customer's billing view, over HTTP as the billing page polls it. */
async function billingView(tenantId: string): Promise<BillingViewBody> {
  signInAs(tenantId);
  const response = await fetch(pipeline.host.url("/api/billing/invoices"));
  expect(response.status).toBe(200);
  return (await response.json()) as BillingViewBody;
}

/** One invoice as the invoice page polls it, over HTTP; the status code when it is not there. */
async function invoicePage(tenantId: string, invoiceId: string): Promise<{ status: number; invoice?: Record<string, unknown> }> {
  signInAs(tenantId);
  const path = `/api/billing/invoices/${invoiceId}`;
  pipeline.routes[path] = { GET: (request: Request) => invoiceRoute.GET(request, { params: Promise.resolve({ id: invoiceId }) }) };
  const response = await fetch(pipeline.host.url(path));
  return response.ok ? { status: response.status, invoice: ((await response.json()) as { invoice: Record<string, unknown> }).invoice } : { status: response.status };
}

async function auditTrail(stripeInvoiceId: string) {
  const invoice = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId } });
  const rows = await pipeline.database.prisma.auditEvent.findMany({ where: { entityType: "invoice", entityId: invoice.id }, orderBy: { id: "asc" } });
  return rows.map((row) => {
    const payload = row.payload as { statusFrom: string | null; statusTo?: string; lines?: number };
    return { eventType: row.eventType, sourceEventId: row.sourceEventId, statusFrom: payload.statusFrom, statusTo: payload.statusTo ?? null, lines: payload.lines ?? null };
  });
}

async function grossPaid(tenantId: string): Promise<number> {
  return (await getRevenueReport(tenantId, REPORT_FILTERS)).totals.paid;
}

const lines25: LineInput[] = Array.from({ length: 25 }, (_, i) => ({ id: fixtureId("il", `long${i}`), description: `Usage block ${String(i + 1).padStart(2, "0")}`, unitAmount: 250 + i * 10, quantity: 1 + (i % 3) }));
const total25 = lines25.reduce((sum, line) => sum + line.unitAmount * (line.quantity ?? 1), 0);

describe("Stripe fixtures: an invoice's lifecycle", () => {
  it("stores all 25 lines and the final state when created → updated → finalized → paid arrive out of order and twice", async () => {
    const slug = "fixture-lifecycle";
    const customer = stripeCustomer(slug);
    const id = fixtureId("in", "long");
    const base = { id, customer, lines: lines25, created: T0 };
    seedStripeInvoice({ ...base, status: "paid" });
    const draft = invoiceObject({ ...base, status: "draft" });
    const events = {
      created: stripeEvent({ type: "invoice.created", object: draft, created: T0 }),
      updated: stripeEvent({ type: "invoice.updated", object: { ...draft, description: "Usage for October" }, created: T0 + 60, previousAttributes: { description: null } }),
      finalized: stripeEvent({ type: "invoice.finalized", object: invoiceObject({ ...base, status: "open", number: "FX-LONG-0001", finalizedAt: T0 + 120 }), created: T0 + 120 }),
      paid: stripeEvent({
        type: "invoice.paid",
        object: invoiceObject({ ...base, status: "paid", number: "FX-LONG-0001", finalizedAt: T0 + 120, paidAt: T0 + 300, payments: [invoicePayment(id, total25, "usd", "paid", T0 + 300)] }),
        created: T0 + 300,
      }),
    };
    for (const event of Object.values(events)) expect((event.data as { object: { lines: JsonObject } }).object.lines).toMatchObject({ has_more: true, total_count: 25 });

    // Out of order, each twice: the draft's update before its creation, the payment before the finalization.
    const order = [events.updated, events.finalized, events.created, events.paid, events.finalized, events.updated, events.paid, events.created];
    const outcomes = [];
    for (const event of order) outcomes.push((await deliver(event)).outcome);
    expect(outcomes).toEqual(["accepted", "accepted", "accepted", "accepted", "duplicate", "duplicate", "duplicate", "duplicate"]);

    const stored = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: id }, include: { lineItems: true } });
    expect({ status: stored.status, number: stored.number, total: Number(stored.total), amountPaid: Number(stored.amountPaid), amountRemaining: Number(stored.amountRemaining) }).toEqual({
      status: "paid",
      number: "FX-LONG-0001",
      total: total25,
      amountPaid: total25,
      amountRemaining: 0,
    });
    expect(stored.lineItems).toHaveLength(25);
    expect(stored.lineItems.map((line) => [line.stripeLineItemId, line.description, Number(line.unitAmount), line.quantity, Number(line.amount)]).sort()).toEqual(
      lines25.map((line) => [line.id, line.description, line.unitAmount, line.quantity, line.unitAmount * (line.quantity ?? 1)]).sort(),
    );
    await expectEventsAccountedFor(pipeline.database.prisma, Object.values(events).map((event) => event.id as string));

    // Each change applied once, in the order it was applied; the late creation changed nothing.
    expect(await auditTrail(id)).toEqual([
      { eventType: "invoice.updated", sourceEventId: events.updated.id, statusFrom: null, statusTo: "draft", lines: 25 },
      { eventType: "invoice.finalized", sourceEventId: events.finalized.id, statusFrom: "draft", statusTo: "open", lines: 25 },
      { eventType: "invoice.paid", sourceEventId: events.paid.id, statusFrom: "open", statusTo: "paid", lines: 25 },
    ]);
    const lateCreation = await pipeline.database.prisma.webhookInbox.findUniqueOrThrow({ where: { eventId: events.created.id as string } });
    expect(lateCreation).toMatchObject({ status: "processed", lastError: expect.stringMatching(/older than the stored state/i) });

    const tenantId = await tenantIdOf(slug);
    const view = await billingView(tenantId);
    expect(view.invoices).toEqual([expect.objectContaining({ number: "FX-LONG-0001", status: "paid", total: total25, paymentActionRequired: false, overdueSince: null })]);
    const page = await invoicePage(tenantId, stored.id);
    expect(page.invoice).toMatchObject({ status: "paid", total: total25, amountRemaining: 0, payable: false });
    expect(await grossPaid(tenantId)).toBe(total25);
  });

  it("takes a deleted draft out of the customer's view and the totals, keeping its history", async () => {
    const slug = "fixture-deleted-draft";
    const customer = stripeCustomer(slug);
    const kept = invoiceObject({ customer, status: "draft", created: T0, lines: [{ unitAmount: 4_000, description: "Kept draft" }] });
    const draft = invoiceObject({ customer, status: "draft", created: T0 + 10, lines: [{ unitAmount: 1_500, quantity: 2, description: "Onboarding" }] });
    await deliver(stripeEvent({ type: "invoice.created", object: kept, created: T0 }));
    const created = stripeEvent({ type: "invoice.created", object: draft, created: T0 + 10 });
    await deliver(created);
    const tenantId = await tenantIdOf(slug);
    expect((await billingView(tenantId)).summary).toEqual([expect.objectContaining({ status: "draft", total: 7_000, count: 2 })]);

    const deleted = stripeEvent({ type: "invoice.deleted", object: deletedInvoiceObject(draft), created: T0 + 90 });
    await deliver(deleted);
    await deliver(deleted);
    // A late update of the deleted draft does not bring it back.
    await deliver(stripeEvent({ type: "invoice.updated", object: draft, created: T0 + 60 }));

    const stored = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: draft.id as string } });
    expect(stored.deletedAt).not.toBeNull();
    expect((await auditTrail(draft.id as string)).map((entry) => [entry.eventType, entry.sourceEventId])).toEqual([
      ["invoice.created", created.id],
      ["invoice.deleted", deleted.id],
    ]);
    const view = await billingView(tenantId);
    expect(view.invoices.map((invoice) => invoice.id)).not.toContain(stored.id);
    expect(view.invoices).toHaveLength(1);
    expect(view.summary).toEqual([expect.objectContaining({ status: "draft", total: 4_000, count: 1 })]);
    expect((await invoicePage(tenantId, stored.id)).status).toBe(404);
    expect(await grossPaid(tenantId)).toBe(0);
  });
});

describe("Stripe fixtures: payments the customer must act on", () => {
  it("asks the customer to authenticate the payment, with the hosted page link, until it is paid", async () => {
    const slug = "fixture-sca";
    const customer = stripeCustomer(slug);
    const base = { id: fixtureId("in", "sca"), customer, created: T0, number: "FX-SCA-0001", finalizedAt: T0 + 60, lines: [{ unitAmount: 12_000, description: "Annual plan" }] };
    await deliver(stripeEvent({ type: "invoice.finalized", object: invoiceObject({ ...base, status: "open" }), created: T0 + 60 }));
    const actionRequired = stripeEvent({
      type: "invoice.payment_action_required",
      object: invoiceObject({ ...base, status: "open", payments: [invoicePayment(base.id, 12_000, "usd", "open", T0 + 120)] }),
      created: T0 + 120,
    });
    await deliver(actionRequired);
    await deliver(actionRequired);

    const tenantId = await tenantIdOf(slug);
    const hostedInvoiceUrl = `https://invoice.stripe.com/i/acct_fixture/${base.id}`;
    expect((await billingView(tenantId)).invoices).toEqual([expect.objectContaining({ status: "open", paymentActionRequired: true, hostedInvoiceUrl })]);
    const stored = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: base.id } });
    expect((await invoicePage(tenantId, stored.id)).invoice).toMatchObject({ paymentActionRequired: true, payable: true, hostedInvoiceUrl });
    expect(await grossPaid(tenantId)).toBe(0);

    const paid = stripeEvent({ type: "invoice.paid", object: invoiceObject({ ...base, status: "paid", paidAt: T0 + 400 }), created: T0 + 400 });
    await deliver(paid);
    expect((await billingView(tenantId)).invoices).toEqual([expect.objectContaining({ status: "paid", paymentActionRequired: false })]);
    expect((await auditTrail(base.id)).map((entry) => [entry.eventType, entry.statusTo])).toEqual([
      ["invoice.finalized", "open"],
      ["invoice.payment_action_required", "open"],
      ["invoice.paid", "paid"],
    ]);
    expect(await grossPaid(tenantId)).toBe(12_000);
  });

  it("shows an overdue invoice and its past-due subscription until both are settled", async () => {
    const slug = "fixture-overdue";
    const customer = stripeCustomer(slug);
    const subscription = fixtureId("sub", "overdue");
    const dueDate = T0 + 86_400;
    const base = { id: fixtureId("in", "overdue"), customer, subscription, created: T0, number: "FX-DUE-0001", finalizedAt: T0, dueDate, lines: [{ unitAmount: 9_900, description: "Team plan" }] };
    const subscriptionAt = (status: string) => subscriptionObject({ id: subscription, customer, status, unitAmount: 9_900, created: T0 - 30 * 86_400, periodStart: T0, periodEnd: T0 + 30 * 86_400, latestInvoice: base.id });
    await deliver(stripeEvent({ type: "customer.subscription.created", object: subscriptionAt("active"), created: T0 - 30 * 86_400 }));
    await deliver(stripeEvent({ type: "invoice.finalized", object: invoiceObject({ ...base, status: "open" }), created: T0 }));
    const overdue = stripeEvent({ type: "invoice.overdue", object: invoiceObject({ ...base, status: "open" }), created: dueDate + 3_600 });
    const pastDue = stripeEvent({ type: "customer.subscription.updated", object: subscriptionAt("past_due"), created: dueDate + 3_700, previousAttributes: { status: "active" } });
    // Stripe's order is not the delivery order: the subscription's change arrives first, and twice.
    await deliver(pastDue);
    await deliver(overdue);
    await deliver(pastDue);

    const tenantId = await tenantIdOf(slug);
    const stored = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: base.id } });
    expect({ overdueAt: stored.overdueAt?.getTime(), stripeSubscriptionId: stored.stripeSubscriptionId }).toEqual({ overdueAt: (dueDate + 3_600) * 1000, stripeSubscriptionId: subscription });
    const view = await billingView(tenantId);
    expect(view.invoices).toEqual([expect.objectContaining({ id: stored.id, status: "open", overdueSince: new Date(dueDate * 1000).toISOString() })]);
    expect((await invoicePage(tenantId, stored.id)).invoice).toMatchObject({ status: "open", payable: true, overdueSince: new Date(dueDate * 1000).toISOString() });
    expect(view.pastDueSubscriptions).toEqual([
      expect.objectContaining({ status: "past_due", invoice: expect.objectContaining({ id: stored.id, number: "FX-DUE-0001", hostedInvoiceUrl: `https://invoice.stripe.com/i/acct_fixture/${base.id}` }) }),
    ]);
    const subscriptionRow = await pipeline.database.prisma.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: subscription } });
    const subscriptionAudit = await pipeline.database.prisma.auditEvent.findMany({ where: { entityType: "subscription", entityId: subscriptionRow.id }, orderBy: { id: "asc" } });
    expect(subscriptionAudit.map((row) => [row.eventType, (row.payload as { statusTo: string }).statusTo])).toEqual([
      ["customer.subscription.created", "active"],
      ["customer.subscription.updated", "past_due"],
    ]);

    await deliver(stripeEvent({ type: "invoice.paid", object: invoiceObject({ ...base, status: "paid", paidAt: dueDate + 7_200 }), created: dueDate + 7_200 }));
    await deliver(stripeEvent({ type: "customer.subscription.updated", object: subscriptionAt("active"), created: dueDate + 7_300, previousAttributes: { status: "past_due" } }));
    const settled = await billingView(tenantId);
    expect(settled.invoices).toEqual([expect.objectContaining({ status: "paid", overdueSince: null })]);
    expect(settled.pastDueSubscriptions).toEqual([]);
    expect((await auditTrail(base.id)).map((entry) => entry.eventType)).toEqual(["invoice.finalized", "invoice.overdue", "invoice.paid"]);
    expect(await grossPaid(tenantId)).toBe(9_900);
  });
});

describe("Stripe fixtures: API versions", () => {
  it("turns an event of an unsupported API version into a dead letter naming the version, applying nothing", async () => {
    const customer = stripeCustomer("fixture-future-version");
    const invoice = invoiceObject({ customer, status: "open", created: T0, finalizedAt: T0, lines: [{ unitAmount: 700 }] });
    const event = stripeEvent({ type: "invoice.finalized", object: invoice, created: T0, apiVersion: "2027-04-28.fir" });
    expect((await deliver(event)).outcome).toBe("accepted");

    expect(await pipeline.database.prisma.invoice.count({ where: { stripeInvoiceId: invoice.id as string } })).toBe(0);
    const inbox = await pipeline.database.prisma.webhookInbox.findUniqueOrThrow({ where: { eventId: event.id as string } });
    expect(inbox).toMatchObject({ status: "failed", apiVersion: "2027-04-28.fir", lastError: expect.stringContaining("2027-04-28.fir is newer than the pinned 2026-10-28.endive") });
    const envelope = await pipeline.database.prisma.failureEnvelope.findFirstOrThrow({ where: { stripeEventId: event.id as string } });
    expect(envelope.reason).toContain("2027-04-28.fir");
  });

  it("still reads an event of an older API version in the older shape", async () => {
    const slug = "fixture-legacy-shape";
    const customer = stripeCustomer(slug);
    const invoice = invoiceObject({ customer, status: "open", created: T0, finalizedAt: T0, subscription: "sub_fixtureLegacy", shape: "legacy", lines: [{ unitAmount: 1_100, quantity: 3, description: "Legacy seats" }] });
    await deliver(stripeEvent({ type: "invoice.finalized", object: invoice, created: T0, apiVersion: "2024-06-20" }));
    const stored = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoice.id as string }, include: { lineItems: true } });
    expect({ subscription: stored.stripeSubscriptionId, lines: stored.lineItems.map((l) => [Number(l.unitAmount), l.quantity, Number(l.amount)]) }).toEqual({ subscription: "sub_fixtureLegacy", lines: [[1_100, 3, 3_300]] });
  });
});
