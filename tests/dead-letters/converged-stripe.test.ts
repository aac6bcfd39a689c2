// State-aware replay where the local row cannot tell: the envelope's invoice (or customer) was
// never stored, so Stripe's object decides, read through the Stripe guard. Deleted, or voided and
// replaced by a revision: converged. Live in Stripe: replayed (the replay stores it). A Stripe
// error never settles anything. When the local row answers, Stripe is not asked.
import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { startStripeSimulator, type StripeSimulator } from "@ledgerline/stripe-simulator";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { StripeGuard, setStripeGuard } from "@/lib/billing-sync/stripe-guard";
import { settleConvergedEnvelopes } from "@/lib/dead-letters/converged";
import { db } from "@/lib/db/client";
import { SIMULATOR_SECRET_KEY, setStripe } from "@/lib/stripe/client";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { createTenant, invoiceEvent, seedEnvelope } from "./helpers";

let database: TestDatabase;
let simulator: StripeSimulator;
let stripe: Stripe;

beforeAll(async () => {
  database = await createTestDatabase();
  simulator = await startStripeSimulator({ port: 0, webhookSecret: "whsec_converged_test" });
  stripe = new Stripe(SIMULATOR_SECRET_KEY, { host: "127.0.0.1", port: simulator.port, protocol: "http", maxNetworkRetries: 0, timeout: 2_000 });
});
afterAll(async () => {
  await simulator.close();
  await database.drop();
});
beforeEach(() => {
  setStripe(stripe);
  // A guard of its own: no breaker state leaks between cases.
  setStripeGuard(new StripeGuard({ ratePerSecond: 100, failureThreshold: 50, halfOpenAfterMs: 1_000, maxRateLimitRetries: 0 }));
  simulator.faults.clear();
  simulator.calls.reset();
});
afterEach(() => {
  setStripe(undefined);
  setStripeGuard(undefined);
});

const reason = () => `Ledger refused the change ${randomUUID().slice(0, 6)}.`;

/** An envelope about a Stripe invoice Ledgerline never stored. */
async function envelopeAbout(stripeInvoiceId: string, customer: string, type = "invoice.created") {
  return seedEnvelope({ jobType: "stripe-invoice-created", reason: reason(), stripeEvent: invoiceEvent({ invoiceId: stripeInvoiceId, customer, type }) });
}

/** Stripe's `invoice.deleted` as the webhook inbox holds it once delivered. */
async function receiveDeletion(stripeInvoiceId: string) {
  await db().webhookInbox.create({
    data: { eventId: `evt_${randomUUID().slice(0, 12)}`, type: "invoice.deleted", payload: { type: "invoice.deleted", data: { object: { object: "invoice", id: stripeInvoiceId } } }, stripeCreatedAt: new Date(), status: "processed" },
  });
}

async function draftInStripe() {
  const customer = await stripe.customers.create({ name: "Converging Co" });
  const draft = await stripe.invoices.create({ customer: customer.id, currency: "usd", auto_advance: false });
  return { customer: customer.id, invoice: draft.id };
}

const retrievals = () => simulator.calls.count("GET /v1/invoices/:id");

describe("converged detection that asks Stripe", () => {
  it("settles an envelope about an invoice Stripe deleted, audited as checked with Stripe", async () => {
    const { customer, invoice } = await draftInStripe();
    await stripe.invoices.del(invoice);
    await receiveDeletion(invoice);
    const id = await envelopeAbout(invoice, customer);

    expect(await settleConvergedEnvelopes([id], "support@ledgerline.test")).toEqual({ toReplay: [], converged: [id] });
    expect(retrievals()).toBe(1);
    expect(await db().failureEnvelope.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "resolved" });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { entityId: id, eventType: "failure_envelope.converged" } });
    expect(audit.payload).toMatchObject({ checked: "stripe", summary: expect.stringContaining("deleted") });
  });

  it("replays an envelope about an invoice that is live in Stripe: the replay is what stores it", async () => {
    const { customer, invoice } = await draftInStripe();
    const id = await envelopeAbout(invoice, customer, "invoice.updated");
    expect(await settleConvergedEnvelopes([id], "support@ledgerline.test")).toEqual({ toReplay: [id], converged: [] });
    expect(retrievals()).toBe(1);
    expect(await db().failureEnvelope.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "open" });
  });

  it("replays an envelope about an invoice Stripe does not know and never said it deleted (another account or mode)", async () => {
    const id = await envelopeAbout(`in_${randomUUID().slice(0, 12)}`, "cus_nobodyknows");
    expect(await settleConvergedEnvelopes([id], "support@ledgerline.test")).toEqual({ toReplay: [id], converged: [] });
    expect(retrievals()).toBe(1);
  });

  it("never settles on a Stripe error: the envelope stays to replay", async () => {
    const { customer, invoice } = await draftInStripe();
    await stripe.invoices.del(invoice);
    await receiveDeletion(invoice);
    const id = await envelopeAbout(invoice, customer);
    simulator.faults.failNextApiCalls(1, { kind: "server_error", status: 500 }, { method: "GET" });
    expect(await settleConvergedEnvelopes([id], "support@ledgerline.test")).toEqual({ toReplay: [id], converged: [] });
    expect(await db().failureEnvelope.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "open" });
    expect(await db().auditEvent.count({ where: { entityId: id, eventType: "failure_envelope.converged" } })).toBe(0);
    // Once Stripe answers, the same envelope converges.
    expect(await settleConvergedEnvelopes([id], "support@ledgerline.test")).toEqual({ toReplay: [], converged: [id] });
  });

  it("settles an envelope about an invoice Stripe voided and replaced by a revision", async () => {
    const id = await envelopeAbout("in_revisedaway1", "cus_revised1", "invoice.finalized");
    const retrieved: string[] = [];
    setStripe({
      invoices: { retrieve: async (invoiceId: string) => (retrieved.push(invoiceId), { id: invoiceId, object: "invoice", status: "void", latest_revision: "in_revision2" }) },
    } as unknown as Stripe);
    expect(await settleConvergedEnvelopes([id], "support@ledgerline.test")).toEqual({ toReplay: [], converged: [id] });
    expect(retrieved).toEqual(["in_revisedaway1"]);
  });

  it("does not ask Stripe when the local row answers", async () => {
    const tenantId = await createTenant(`local-${randomUUID().slice(0, 6)}`);
    const event = invoiceEvent({ customer: `cus_${randomUUID().slice(0, 8)}` });
    const o = event.data.object;
    const customer = await db().customer.create({ data: { tenantId, stripeCustomerId: o.customer } });
    await db().invoice.create({
      data: { tenantId, customerId: customer.id, stripeInvoiceId: o.id, number: o.number, status: "paid", currency: o.currency, subtotal: o.subtotal, total: o.total, amountDue: o.amount_due, amountPaid: o.amount_paid, amountRemaining: o.amount_remaining, periodStart: new Date(), periodEnd: new Date(), stripeCreatedAt: new Date() },
    });
    const same = await seedEnvelope({ reason: reason(), stripeEvent: event });
    const changed = invoiceEvent({ invoiceId: o.id, customer: o.customer, amountDue: 5 });
    changed.created = event.created + 1_000;
    const differs = await seedEnvelope({ reason: reason(), stripeEvent: changed });
    expect(await settleConvergedEnvelopes([same, differs], "support@ledgerline.test")).toEqual({ toReplay: [differs], converged: [same] });
    expect(simulator.calls.count("GET /v1/invoices/:id")).toBe(0);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { entityId: same, eventType: "failure_envelope.converged" } });
    expect(audit.payload).toMatchObject({ checked: "local" });
  });
});
