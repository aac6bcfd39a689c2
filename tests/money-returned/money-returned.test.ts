// Refunds, credit notes and disputes end to end: real-shaped Stripe events (API 2026-10-28.endive)
// signed and posted to the webhook route, applied by the durable functions, delivered out of order
// and twice. Each case checks the stored rows, the invoice's audit trail, the customer's invoice
// JSON over HTTP, the billing list, and the revenue report's gross and net (whose rollups must
// equal a rebuild from scratch).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { paymentIdsOf } from "@ledgerline/stripe-simulator";
import * as invoiceRoute from "@/app/api/billing/invoices/[id]/route";
import * as billingRoute from "@/app/api/billing/invoices/route";
import type { LiveInvoice } from "@/lib/billing/live-invoice";
import type { Prisma } from "@/lib/db/generated/client";
import { buildInvoiceTimeline } from "@/lib/invoices/invoice-timeline";
import { loadReportFigures } from "@/lib/reports/load-report";
import { getStripe, getWebhookSecret } from "@/lib/stripe/client";
import { stripeEventFunctionId } from "@/lib/webhooks/handled-event-types";
import {
  chargeObject,
  creditNoteObject,
  disputeObject,
  invoicePaymentObject,
  refundObject,
  stripeEvent,
  type StripeEventFixture,
} from "../fixtures/stripe/money-returned-events";
import { deliverStripeEvent, fixtureId, invoiceObject, invoicePayment } from "../fixtures/stripe-events";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { expectEventsAccountedFor, expectRollupsMatchRebuild } from "../support/pipeline-invariants";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string; email: string; name: string; role: string; tenantId: string | null } } }));
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getServerSession: async () => session.current }));

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline();
});
afterAll(() => pipeline.close());

const now = () => Math.floor(Date.now() / 1000);

async function post(event: StripeEventFixture): Promise<void> {
  const response = await deliverStripeEvent(pipeline.webhookUrl, { ...event }, getWebhookSecret());
  expect(response.status).toBe(200);
}

/** Posts every event, then the same events again in reverse order, and waits for the pipeline. */
async function deliverTwice(events: StripeEventFixture[]): Promise<void> {
  for (const event of events) await post(event);
  await pipeline.settle();
  for (const event of [...events].reverse()) await post(event);
  await pipeline.settle();
  await expectEventsAccountedFor(pipeline.database.prisma, events.map((e) => e.id));
}

interface PaidInvoice {
  stripeInvoiceId: string;
  invoiceId: string;
  tenantId: string;
  customer: string;
  paymentIntent: string;
  charge: string;
}

async function invoiceOf(slug: string, amount: number, options: { pay: boolean }): Promise<PaidInvoice> {
  const customer = pipeline.createCustomer(slug);
  const draft = pipeline.simulator.billing.createInvoice({ customer });
  pipeline.simulator.billing.addInvoiceItem({ customer, invoice: draft.id, amount, description: "Plan" });
  pipeline.simulator.billing.finalizeInvoice(draft.id);
  if (options.pay) pipeline.simulator.billing.payInvoice(draft.id);
  await pipeline.settle();
  const stored = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: draft.id } });
  const ids = paymentIdsOf(draft.id);
  return { stripeInvoiceId: draft.id, invoiceId: stored.id, tenantId: stored.tenantId, customer, paymentIntent: ids.paymentIntent, charge: ids.charge };
}

function signInAs(tenantId: string) {
  session.current = { user: { id: "00000000-0000-0000-0000-0000000000c1", email: "customer@x.test", name: "customer", role: "customer", tenantId } };
}

/** The invoice JSON the customer's invoice page polls, over HTTP. */
async function liveInvoice(invoice: PaidInvoice): Promise<LiveInvoice> {
  const path = `/api/billing/invoices/${invoice.invoiceId}`;
  pipeline.routes[path] = { GET: (request: Request) => invoiceRoute.GET(request, { params: Promise.resolve({ id: invoice.invoiceId }) }) };
  signInAs(invoice.tenantId);
  const response = await fetch(pipeline.host.url(path));
  expect(response.status).toBe(200);
  return ((await response.json()) as { invoice: LiveInvoice }).invoice;
}

/** The row of the invoice on the customer's billing page (the data it renders and polls), over HTTP. */
async function billingPageRow(invoice: PaidInvoice) {
  pipeline.routes["/api/billing/invoices"] = billingRoute;
  signInAs(invoice.tenantId);
  const response = await fetch(pipeline.host.url("/api/billing/invoices"));
  expect(response.status).toBe(200);
  const view = (await response.json()) as { invoices: { id: string; status: string; returned: LiveInvoice["returned"] }[] };
  return view.invoices.find((row) => row.id === invoice.invoiceId);
}

/** The revenue report's totals as the page serves them: through the report cache, which each write must invalidate. */
async function revenue(tenantId: string) {
  const day = new Date().toISOString().slice(0, 10);
  const { totals } = (await loadReportFigures("revenue", tenantId, { from: "2000-01-01", to: day, by: "month", currency: "usd" })).value;
  return { paid: totals.paid, refunded: totals.refunded, credited: totals.credited, disputeLost: totals.disputeLost, net: totals.net };
}

async function auditTypes(invoice: PaidInvoice): Promise<string[]> {
  const rows = await pipeline.database.prisma.auditEvent.findMany({ where: { entityType: "invoice", entityId: invoice.invoiceId }, orderBy: { id: "asc" } });
  return rows.map((r) => r.eventType);
}


describe("refunds", () => {
  it("a full refund: the invoice shows refunded with a net of zero, and revenue nets it out", async () => {
    const invoice = await invoiceOf("full-refund", 5_000, { pay: true });
    expect(await revenue(invoice.tenantId)).toEqual({ paid: 5_000, refunded: 0, credited: 0, disputeLost: 0, net: 5_000 });
    const t = now();
    const refund = { id: "re_full_1", amount: 5_000, paymentIntent: invoice.paymentIntent, charge: invoice.charge, reason: "requested_by_customer" as const, created: t };
    // Out of order: the refund's success and the charge before the refund's creation.
    const succeeded = stripeEvent("refund.updated", refundObject({ ...refund, status: "succeeded" }), t + 5, { status: "pending" });
    await deliverTwice([
      succeeded,
      stripeEvent("charge.refunded", chargeObject({ id: invoice.charge, amount: 5_000, amountRefunded: 5_000, paymentIntent: invoice.paymentIntent, customer: invoice.customer, created: t - 60 }), t + 5),
      stripeEvent("refund.created", refundObject({ ...refund, status: "pending" }), t),
    ]);

    const stored = await pipeline.database.prisma.refund.findUniqueOrThrow({ where: { stripeRefundId: "re_full_1" } });
    expect(stored).toMatchObject({ invoiceId: invoice.invoiceId, tenantId: invoice.tenantId, amount: 5_000n, status: "succeeded", reason: "requested_by_customer" });
    // The invoice stays paid in Stripe's terms; what went back is beside it.
    const live = await liveInvoice(invoice);
    expect(live).toMatchObject({ status: "paid", amountPaid: 5_000, payable: false });
    expect(live.returned).toMatchObject({ state: "refunded", refunded: 5_000, net: 0 });
    expect(live.returned?.items).toEqual([expect.objectContaining({ kind: "refund", stripeId: "re_full_1", label: "full refund", reason: "requested by customer" })]);
    expect(await billingPageRow(invoice)).toMatchObject({ status: "paid", returned: { state: "refunded", net: 0 } });

    const audit = await auditTypes(invoice);
    expect(audit.filter((t) => t === "refund.updated" || t === "charge.refunded").sort()).toEqual(["charge.refunded", "refund.updated"]);
    // The invoice's timeline, opened from the refund's event, shows each event on the invoice.
    const timeline = await buildInvoiceTimeline({ stripeEvent: succeeded } as unknown as Prisma.JsonValue, invoice.tenantId);
    expect(timeline?.invoice?.id).toBe(invoice.invoiceId);
    expect(timeline?.entries.map((e) => e.title)).toEqual(expect.arrayContaining(["Stripe refund.updated", "refund.updated", "charge.refunded"]));
    expect(await revenue(invoice.tenantId)).toEqual({ paid: 5_000, refunded: 5_000, credited: 0, disputeLost: 0, net: 0 });
    await expectRollupsMatchRebuild(pipeline.database.prisma);
  });

  it("a partial refund linked by its charge: partially refunded, net of the rest", async () => {
    const invoice = await invoiceOf("partial-refund", 10_000, { pay: true });
    const t = now();
    const charge = "ch_partial_direct";
    await deliverTwice([stripeEvent("invoice_payment.paid", invoicePaymentObject({ invoice: invoice.stripeInvoiceId, charge, amount: 10_000, created: t - 30 }), t - 30)]);
    const refund = { id: "re_partial_1", amount: 2_500, paymentIntent: null, charge, created: t };
    await deliverTwice([
      stripeEvent("charge.refund.updated", refundObject({ ...refund, status: "succeeded" }), t + 3, { status: "pending" }),
      stripeEvent("refund.created", refundObject({ ...refund, status: "pending" }), t),
    ]);

    const live = await liveInvoice(invoice);
    expect(live.returned).toMatchObject({ state: "partially_refunded", refunded: 2_500, net: 7_500 });
    expect(live.returned?.items[0]).toMatchObject({ label: "partial refund", status: "succeeded" });
    expect(await billingPageRow(invoice)).toMatchObject({ returned: { state: "partially_refunded", net: 7_500 } });
    expect(await auditTypes(invoice)).toContain("charge.refund.updated");
    expect(await revenue(invoice.tenantId)).toEqual({ paid: 10_000, refunded: 2_500, credited: 0, disputeLost: 0, net: 7_500 });
    await expectRollupsMatchRebuild(pipeline.database.prisma);
  });

  it("an older charge.refunded embedding its refunds: each becomes a refund, counted once when refund.updated follows", async () => {
    const invoice = await invoiceOf("legacy-charge-refunded", 9_000, { pay: true });
    const t = now();
    const first = { id: "re_legacy_1", amount: 2_000, paymentIntent: invoice.paymentIntent, charge: invoice.charge, reason: "duplicate" as const, created: t - 10 };
    const second = { id: "re_legacy_2", amount: 1_000, paymentIntent: invoice.paymentIntent, charge: invoice.charge, created: t };
    const charge = chargeObject({
      id: invoice.charge, amount: 9_000, amountRefunded: 3_000, paymentIntent: invoice.paymentIntent, customer: invoice.customer, created: t - 60,
      refunds: [refundObject({ ...second, status: "pending" }), refundObject({ ...first, status: "succeeded" })],
    });
    // An endpoint still on 2022-08-01, the last version whose charges embed their refunds.
    await deliverTwice([stripeEvent("charge.refunded", charge, t + 1, undefined, "2022-08-01")]);

    const stored = () => pipeline.database.prisma.refund.findMany({ where: { invoiceId: invoice.invoiceId }, orderBy: { stripeRefundId: "asc" } });
    expect((await stored()).map((r) => [r.stripeRefundId, r.amount, r.status, r.chargeId, r.paymentIntentId])).toEqual([
      ["re_legacy_1", 2_000n, "succeeded", invoice.charge, invoice.paymentIntent],
      ["re_legacy_2", 1_000n, "pending", invoice.charge, invoice.paymentIntent],
    ]);
    expect((await liveInvoice(invoice)).returned).toMatchObject({ state: "partially_refunded", refunded: 3_000, net: 6_000 });

    // The pending refund's success arrives later in the current shape: it updates the same refund.
    await deliverTwice([stripeEvent("refund.updated", refundObject({ ...second, status: "succeeded" }), t + 5, { status: "pending" })]);
    expect((await stored()).map((r) => [r.stripeRefundId, r.status])).toEqual([["re_legacy_1", "succeeded"], ["re_legacy_2", "succeeded"]]);
    expect((await liveInvoice(invoice)).returned).toMatchObject({ state: "partially_refunded", refunded: 3_000, net: 6_000 });
    expect(await auditTypes(invoice)).toEqual(expect.arrayContaining(["charge.refunded", "refund.updated"]));
    expect(await revenue(invoice.tenantId)).toEqual({ paid: 9_000, refunded: 3_000, credited: 0, disputeLost: 0, net: 6_000 });
    await expectRollupsMatchRebuild(pipeline.database.prisma);
  });

  /** A paid invoice with twelve refunds of 500 made long ago (their own events never sent), and a `charge.refunded` on 2022-08-01 embedding the first ten. */
  async function invoiceWithTwelveRefunds(slug: string) {
    const invoice = await invoiceOf(slug, 12_000, { pay: true });
    for (let i = 0; i < 12; i++) pipeline.simulator.moneyReturned.refundInvoice(invoice.stripeInvoiceId, { amount: 500, withoutEvents: true });
    const firstPage = await getStripe().refunds.list({ charge: invoice.charge, limit: 10 });
    expect(firstPage).toMatchObject({ has_more: true });
    const t = now();
    const charge = chargeObject({
      id: invoice.charge, amount: 12_000, amountRefunded: 6_000, paymentIntent: invoice.paymentIntent, customer: invoice.customer, created: t - 60,
      refunds: firstPage.data as unknown as Record<string, unknown>[],
    });
    const embedded = { ...charge, refunds: { ...(charge.refunds as object), has_more: true, total_count: 12 } };
    return { invoice, event: stripeEvent("charge.refunded", embedded, t + 1, undefined, "2022-08-01") };
  }

  async function expectTwelveRefundsCounted(invoice: PaidInvoice): Promise<void> {
    const stored = await pipeline.database.prisma.refund.findMany({ where: { invoiceId: invoice.invoiceId } });
    expect(stored).toHaveLength(12);
    expect(stored.every((r) => r.amount === 500n && r.chargeId === invoice.charge)).toBe(true);
    expect((await liveInvoice(invoice)).returned).toMatchObject({ state: "partially_refunded", refunded: 6_000, net: 6_000 });
    expect(await revenue(invoice.tenantId)).toEqual({ paid: 12_000, refunded: 6_000, credited: 0, disputeLost: 0, net: 6_000 });
  }

  it("an older charge.refunded whose embedded refunds are a first page: the rest come from Stripe, all stored and counted", async () => {
    const { invoice, event } = await invoiceWithTwelveRefunds("legacy-charge-many-refunds");
    await deliverTwice([event]);
    await expectTwelveRefundsCounted(invoice);
    await expectRollupsMatchRebuild(pipeline.database.prisma);
  });

  it("an older charge.refunded whose refunds cannot be listed yet: retried, never applied with a partial list", async () => {
    const { invoice, event } = await invoiceWithTwelveRefunds("legacy-charge-refunds-retried");
    pipeline.simulator.faults.injectApiFault({ method: "GET", path: "/v1/refunds", times: 2, fault: { kind: "server_error", status: 503 } });
    await post(event);
    await pipeline.settle();

    const attempts = await pipeline.database.prisma.jobAttempt.findMany({ where: { step: "complete-charge-refunds", jobId: event.id } });
    expect(attempts).toHaveLength(2);
    expect(attempts.every((a) => (a.retryDelayMs ?? 0) > 0 && /unavailable/i.test(a.error))).toBe(true);
    await expectTwelveRefundsCounted(invoice);
    await expectEventsAccountedFor(pipeline.database.prisma, [event.id]);
    expect(await pipeline.database.prisma.failureEnvelope.count({ where: { stripeEventId: event.id } })).toBe(0);
  });

  it("a refund of a payment an invoice event listed links to that invoice without asking Stripe", async () => {
    const customer = pipeline.createCustomer("listed-payment");
    const t = now();
    const id = fixtureId("in", "listed");
    const payment = invoicePayment(id, 4_000, "usd", "paid", t - 30);
    const paymentIntent = (payment.payment as { payment_intent: string }).payment_intent;
    const paid = invoiceObject({ id, customer, status: "paid", lines: [{ unitAmount: 4_000 }], created: t - 100, finalizedAt: t - 90, paidAt: t - 30, payments: [payment] });
    await deliverTwice([stripeEvent("invoice.paid", paid, t - 30)]);
    expect(await pipeline.database.prisma.invoicePaymentLink.findMany({ where: { stripeInvoiceId: id } })).toEqual([
      expect.objectContaining({ stripeInvoicePaymentId: payment.id, paymentIntentId: paymentIntent, chargeId: null }),
    ]);

    // Stripe (the simulator) has no invoice payment for it: only the stored link ties the refund to the invoice.
    await deliverTwice([stripeEvent("refund.created", refundObject({ id: "re_listed_1", amount: 4_000, paymentIntent, charge: fixtureId("ch", "listed"), status: "succeeded", created: t }), t)]);
    const stored = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: id } });
    expect(await pipeline.database.prisma.refund.findUniqueOrThrow({ where: { stripeRefundId: "re_listed_1" } })).toMatchObject({ invoiceId: stored.id, amount: 4_000n, status: "succeeded" });
    expect(await revenue(stored.tenantId)).toMatchObject({ paid: 4_000, refunded: 4_000, net: 0 });
  });

  it("a failed refund gives the money back to the invoice's net", async () => {
    const invoice = await invoiceOf("failed-refund", 3_000, { pay: true });
    const t = now();
    const refund = { id: "re_failed_1", amount: 3_000, paymentIntent: invoice.paymentIntent, charge: invoice.charge, created: t };
    await deliverTwice([
      stripeEvent("refund.failed", refundObject({ ...refund, status: "failed" }), t + 9),
      stripeEvent("refund.created", refundObject({ ...refund, status: "pending" }), t),
    ]);
    expect((await liveInvoice(invoice)).returned).toMatchObject({ state: null, refunded: 0, net: 3_000 });
    expect(await revenue(invoice.tenantId)).toMatchObject({ refunded: 0, net: 3_000 });
  });

  it("a refund no invoice payment links to becomes a dead letter that says why", async () => {
    const t = now();
    const event = stripeEvent("refund.created", refundObject({ id: "re_orphan_1", amount: 700, paymentIntent: "pi_not_an_invoice", charge: "ch_not_an_invoice", status: "succeeded", created: t }), t);
    await post(event);
    await pipeline.settle();
    const envelope = await pipeline.database.prisma.failureEnvelope.findFirstOrThrow({ where: { stripeEventId: event.id } });
    expect(envelope.jobType).toBe(stripeEventFunctionId("refund.created"));
    expect(envelope.reason).toMatch(/Refund re_orphan_1 is not linked to an invoice: Stripe has no invoice payment for payment intent pi_not_an_invoice/);
    expect(await pipeline.database.prisma.refund.count({ where: { stripeRefundId: "re_orphan_1" } })).toBe(0);
  });
});

describe("credit notes", () => {
  it("a pre-payment credit note: credited, the amount due lowered, no revenue taken back", async () => {
    const invoice = await invoiceOf("pre-payment-credit", 8_000, { pay: false });
    const t = now();
    const note = { id: "cn_pre_1", invoice: invoice.stripeInvoiceId, customer: invoice.customer, prePayment: 1_000, postPayment: 0, reason: "order_change" as const, memo: "Seat removed", created: t };
    await deliverTwice([
      stripeEvent("credit_note.updated", creditNoteObject({ ...note, memo: "Seat removed mid-cycle" }), t + 4, { memo: "Seat removed" }),
      stripeEvent("credit_note.created", creditNoteObject(note), t),
    ]);
    expect(await pipeline.database.prisma.creditNote.findUniqueOrThrow({ where: { stripeCreditNoteId: "cn_pre_1" } })).toMatchObject({
      type: "pre_payment", status: "issued", reason: "order_change", memo: "Seat removed mid-cycle", prePaymentAmount: 1_000n, postPaymentAmount: 0n,
    });
    const live = await liveInvoice(invoice);
    expect(live.returned).toMatchObject({ state: "credited", creditedBeforePayment: 1_000, creditedAfterPayment: 0, net: 0 });
    expect(live.returned?.items[0]).toMatchObject({ label: "pre-payment credit note", reason: "order change" });
    expect(await billingPageRow(invoice)).toMatchObject({ status: "open", returned: { state: "credited" } });
    expect(await auditTypes(invoice)).toContain("credit_note.updated");
    expect(await revenue(invoice.tenantId)).toEqual({ paid: 0, refunded: 0, credited: 0, disputeLost: 0, net: 0 });
  });

  it("a post-payment credit note, partly refunded: both count once, and voiding another changes nothing", async () => {
    const invoice = await invoiceOf("post-payment-credit", 10_000, { pay: true });
    const t = now();
    const refund = { id: "re_cn_post_1", amount: 1_000, paymentIntent: invoice.paymentIntent, charge: invoice.charge, status: "succeeded" as const, created: t };
    const note = { id: "cn_post_1", invoice: invoice.stripeInvoiceId, customer: invoice.customer, prePayment: 0, postPayment: 3_000, refunds: [{ refund: refund.id, amount: 1_000 }], reason: "product_unsatisfactory" as const, created: t };
    const voided = { id: "cn_post_void", invoice: invoice.stripeInvoiceId, customer: invoice.customer, prePayment: 0, postPayment: 500, reason: "duplicate" as const, created: t };
    await deliverTwice([
      stripeEvent("credit_note.voided", creditNoteObject({ ...voided, status: "void" }), t + 8),
      stripeEvent("refund.created", refundObject(refund), t),
      stripeEvent("credit_note.created", creditNoteObject(note), t),
      stripeEvent("credit_note.created", creditNoteObject(voided), t + 1),
    ]);
    const live = await liveInvoice(invoice);
    // 1,000 back as a refund, 2,000 as customer credit; the voided note counts for nothing.
    expect(live.returned).toMatchObject({ state: "partially_refunded", refunded: 1_000, creditedAfterPayment: 2_000, net: 7_000 });
    expect(live.returned?.items.map((i) => i.label).sort()).toEqual(["partial refund", "post-payment credit note", "voided post-payment credit note"]);
    expect(await pipeline.database.prisma.creditNote.findUniqueOrThrow({ where: { stripeCreditNoteId: "cn_post_void" } })).toMatchObject({ status: "void" });
    expect(await revenue(invoice.tenantId)).toEqual({ paid: 10_000, refunded: 1_000, credited: 2_000, disputeLost: 0, net: 7_000 });
    await expectRollupsMatchRebuild(pipeline.database.prisma);
  });
});

describe("bad input", () => {
  it("a malformed credit note is a dead letter naming the field, and stores nothing", async () => {
    const invoice = await invoiceOf("bad-credit-note", 2_000, { pay: true });
    const t = now();
    const object = { ...creditNoteObject({ id: "cn_bad_1", invoice: invoice.stripeInvoiceId, customer: invoice.customer, prePayment: 0, postPayment: 500, reason: null, created: t }), post_payment_amount: -500 };
    const event = stripeEvent("credit_note.created", object, t);
    await post(event);
    await pipeline.settle();
    const envelope = await pipeline.database.prisma.failureEnvelope.findFirstOrThrow({ where: { stripeEventId: event.id } });
    expect(envelope.reason).toMatch(/Invalid credit note in evt_\w+: post_payment_amount must not be negative/);
    expect(await pipeline.database.prisma.creditNote.count({ where: { stripeCreditNoteId: "cn_bad_1" } })).toBe(0);
    expect(await revenue(invoice.tenantId)).toMatchObject({ credited: 0, net: 2_000 });
  });
});

describe("API versions", () => {
  it.each([
    ["refund.created", (invoice: PaidInvoice, t: number) => refundObject({ id: "re_future_1", amount: 500, paymentIntent: invoice.paymentIntent, charge: invoice.charge, status: "succeeded", created: t })],
    ["credit_note.created", (invoice: PaidInvoice, t: number) => creditNoteObject({ id: "cn_future_1", invoice: invoice.stripeInvoiceId, customer: invoice.customer, prePayment: 0, postPayment: 500, reason: null, created: t })],
    ["charge.dispute.created", (invoice: PaidInvoice, t: number) => disputeObject({ id: "dp_future_1", amount: 500, charge: invoice.charge, paymentIntent: invoice.paymentIntent, status: "needs_response", created: t })],
  ])("a %s event of an unsupported API version is a dead letter naming the version, applying nothing", async (type, object) => {
    const invoice = await invoiceOf(`future-${type.replaceAll(/[._]/g, "-")}`, 2_000, { pay: true });
    const t = now();
    const event = stripeEvent(type, object(invoice, t), t, undefined, "2027-04-28.fir");
    await post(event);
    await pipeline.settle();
    const inbox = await pipeline.database.prisma.webhookInbox.findUniqueOrThrow({ where: { eventId: event.id } });
    expect(inbox).toMatchObject({ status: "failed", apiVersion: "2027-04-28.fir", lastError: expect.stringContaining("2027-04-28.fir is newer than the pinned 2026-10-28.endive") });
    const envelope = await pipeline.database.prisma.failureEnvelope.findFirstOrThrow({ where: { stripeEventId: event.id } });
    expect(envelope.reason).toContain("2027-04-28.fir");
    expect((await liveInvoice(invoice)).returned ?? null).toBeNull();
    expect(await revenue(invoice.tenantId)).toMatchObject({ refunded: 0, credited: 0, net: 2_000 });
  });
});

describe("disputes", () => {
  it("a dispute lost: disputed while open, then the money is gone from net revenue", async () => {
    const invoice = await invoiceOf("dispute-lost", 6_000, { pay: true });
    const t = now();
    const dispute = { id: "dp_lost_1", amount: 6_000, charge: invoice.charge, paymentIntent: invoice.paymentIntent, created: t };
    await deliverTwice([stripeEvent("charge.dispute.created", disputeObject({ ...dispute, status: "needs_response" }), t)]);
    expect((await liveInvoice(invoice)).returned).toMatchObject({ state: "disputed", disputed: 6_000, net: 6_000 });
    expect(await revenue(invoice.tenantId)).toMatchObject({ disputeLost: 0, net: 6_000 });

    await deliverTwice([
      stripeEvent("charge.dispute.closed", disputeObject({ ...dispute, status: "lost" }), t + 20, { status: "under_review" }),
      stripeEvent("charge.dispute.funds_withdrawn", disputeObject({ ...dispute, status: "needs_response" }), t + 1),
      stripeEvent("charge.dispute.updated", disputeObject({ ...dispute, status: "under_review" }), t + 10, { status: "needs_response" }),
    ]);
    expect(await pipeline.database.prisma.dispute.findUniqueOrThrow({ where: { stripeDisputeId: "dp_lost_1" } })).toMatchObject({ status: "lost", reason: "fraudulent", amount: 6_000n });
    const live = await liveInvoice(invoice);
    expect(live.returned).toMatchObject({ state: "dispute_lost", disputed: 0, disputeLost: 6_000, net: 0 });
    expect(live.returned?.items[0]).toMatchObject({ label: "dispute lost" });
    expect(await billingPageRow(invoice)).toMatchObject({ returned: { state: "dispute_lost", net: 0 } });
    expect(await auditTypes(invoice)).toEqual(expect.arrayContaining(["charge.dispute.created", "charge.dispute.closed"]));
    expect(await revenue(invoice.tenantId)).toEqual({ paid: 6_000, refunded: 0, credited: 0, disputeLost: 6_000, net: 0 });
    await expectRollupsMatchRebuild(pipeline.database.prisma);
  });

  it("a dispute won: the money stays, whatever order the events come in", async () => {
    const invoice = await invoiceOf("dispute-won", 4_000, { pay: true });
    const t = now();
    const dispute = { id: "dp_won_1", amount: 4_000, charge: invoice.charge, paymentIntent: invoice.paymentIntent, reason: "product_not_received", created: t };
    await deliverTwice([
      stripeEvent("charge.dispute.funds_reinstated", disputeObject({ ...dispute, status: "won" }), t + 30),
      stripeEvent("charge.dispute.closed", disputeObject({ ...dispute, status: "won" }), t + 30, { status: "under_review" }),
      stripeEvent("charge.dispute.created", disputeObject({ ...dispute, status: "needs_response" }), t),
    ]);
    const live = await liveInvoice(invoice);
    expect(live.returned).toMatchObject({ state: "dispute_won", disputed: 0, disputeLost: 0, net: 4_000 });
    expect(live.returned?.items[0]).toMatchObject({ label: "dispute won", reason: "product not received" });
    expect(await revenue(invoice.tenantId)).toEqual({ paid: 4_000, refunded: 0, credited: 0, disputeLost: 0, net: 4_000 });
    await expectRollupsMatchRebuild(pipeline.database.prisma);
  });
});

describe("driven by the Stripe simulator", () => {
  it("a refund, a credit note and a lost dispute made in the simulator reach the invoice and the report", async () => {
    const invoice = await invoiceOf("simulated-returns", 12_000, { pay: true });
    pipeline.simulator.moneyReturned.refundInvoice(invoice.stripeInvoiceId, { amount: 2_000, reason: "requested_by_customer" });
    pipeline.simulator.moneyReturned.creditInvoice(invoice.stripeInvoiceId, { amount: 1_000, reason: "product_unsatisfactory" });
    const dispute = pipeline.simulator.moneyReturned.disputeInvoice(invoice.stripeInvoiceId);
    await pipeline.settle();
    expect((await liveInvoice(invoice)).returned).toMatchObject({ state: "disputed", refunded: 2_000, creditedAfterPayment: 1_000, disputed: 10_000, net: 9_000 });

    pipeline.simulator.moneyReturned.closeDispute(dispute.id, "lost");
    await pipeline.settle();
    expect((await liveInvoice(invoice)).returned).toMatchObject({ state: "dispute_lost", disputeLost: 10_000, net: -1_000 });
    expect(await auditTypes(invoice)).toEqual(expect.arrayContaining(["refund.created", "charge.refunded", "credit_note.created", "charge.dispute.created", "charge.dispute.closed"]));
    expect(await revenue(invoice.tenantId)).toEqual({ paid: 12_000, refunded: 2_000, credited: 1_000, disputeLost: 10_000, net: -1_000 });
    await expectRollupsMatchRebuild(pipeline.database.prisma);
  });
});
