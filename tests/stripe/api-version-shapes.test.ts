// Stripe payloads read where the pinned API version puts each field (line `pricing` / `parent`,
// invoice `parent.subscription_details`, subscription item periods), the older shapes still
// accepted; amounts bounded as Stripe's are; an event of an unsupported API version named as such.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyStripeInvoice } from "@/lib/invoices/apply-stripe-invoice";
import { apiVersionSupport, OLDEST_SUPPORTED_API_VERSION, STRIPE_API_VERSION } from "@/lib/stripe/api-version";
import { stripeClientOptions } from "@/lib/stripe/client";
import { stripeInvoiceSchema, stripeSubscriptionSchema } from "@/lib/stripe/schemas";
import { applyStripeSubscription } from "@/lib/subscriptions/apply-stripe-subscription";
import { invoiceObject, subscriptionObject, type PayloadShape } from "../fixtures/stripe-events";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
const T0 = 1_790_000_000;

beforeAll(async () => {
  database = await createTestDatabase();
  const tenantId = (await database.prisma.tenant.create({ data: { slug: "shapes", name: "Shapes Co" } })).id;
  await database.prisma.customer.create({ data: { stripeCustomerId: "cus_shapes", tenantId, name: "Shapes Co" } });
});
afterAll(() => database.drop());

const change = (sourceId: string, eventType = "invoice.finalized") => ({ sourceId, eventType, created: new Date(T0 * 1000) });

describe("API version", () => {
  it("pins the SDK to the stripe package's own version", () => {
    expect(STRIPE_API_VERSION).toBe(Stripe.API_VERSION);
    expect(stripeClientOptions().config.apiVersion).toBe(STRIPE_API_VERSION);
  });

  it.each<[string | null, boolean]>([
    [STRIPE_API_VERSION, true],
    [null, true],
    ["2025-03-31.basil", true],
    ["2024-06-20", true],
    [OLDEST_SUPPORTED_API_VERSION, true],
    // The last version whose charges embed their refunds (charge.refunded reads them).
    ["2022-08-01", true],
    ["2027-01-28.fir", false],
    ["2026-10-28.zebra", false],
    ["2019-12-03", false],
    ["latest", false],
  ])("%s supported: %s", (version, supported) => {
    const support = apiVersionSupport(version);
    expect(support.supported).toBe(supported);
    if (!support.supported) expect(support.reason).toContain(version);
  });
});

describe("invoice shapes", () => {
  it.each<PayloadShape>(["current", "legacy"])("reads a %s invoice's unit prices and subscription", async (shape) => {
    const raw = invoiceObject({
      id: `in_shape${shape}`,
      customer: "cus_shapes",
      status: "open",
      subscription: `sub_shape${shape}`,
      created: T0,
      finalizedAt: T0,
      // A metered line with no usage yet: its unit price is not its amount over its quantity.
      lines: [{ unitAmount: 1_250, quantity: 4, description: "Seats" }, { unitAmount: 35, quantity: 0, description: "API calls" }],
    });
    const result = await applyStripeInvoice(stripeInvoiceSchema.parse(raw), change(`evt_shape_${shape}`));
    expect(result.outcome).toBe("applied");
    const stored = await database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: `in_shape${shape}` }, include: { lineItems: { orderBy: { description: "asc" } } } });
    expect(stored.stripeSubscriptionId).toBe(`sub_shape${shape}`);
    expect(stored.lineItems.map((l) => [l.description, Number(l.unitAmount), l.quantity, Number(l.amount)])).toEqual([
      ["API calls", 35, 0, 0],
      ["Seats", 1_250, 4, 5_000],
    ]);
  });

  it("reads a fractional unit price to the nearest minor unit", async () => {
    const raw = invoiceObject({ id: "in_shapeDecimal", customer: "cus_shapes", status: "draft", created: T0, lines: [{ unitAmount: 1, quantity: 1000 }] });
    const line = (raw.lines as { data: Array<Record<string, unknown>> }).data[0]!;
    line.pricing = { type: "price_details", price_details: { price: "price_x", product: "prod_x" }, unit_amount_decimal: "0.35" };
    line.amount = 350;
    await applyStripeInvoice(stripeInvoiceSchema.parse(raw), change("evt_shape_decimal", "invoice.created"));
    const stored = await database.prisma.invoiceLineItem.findFirstOrThrow({ where: { invoice: { stripeInvoiceId: "in_shapeDecimal" } } });
    expect([Number(stored.unitAmount), Number(stored.amount), stored.quantity]).toEqual([0, 350, 1000]);
  });

  it("reads a unit price the SDK hands over as a Stripe.Decimal (lines listed from Stripe)", () => {
    const raw = invoiceObject({ customer: "cus_shapes", status: "draft", created: T0, lines: [{ unitAmount: 270, quantity: 2 }] });
    const line = (raw.lines as { data: Array<{ pricing: Record<string, unknown> }> }).data[0]!;
    line.pricing.unit_amount_decimal = Stripe.Decimal.from("270");
    expect(stripeInvoiceSchema.parse(raw).lines?.data[0]?.pricing?.unit_amount_decimal).toBe("270");
    line.pricing.unit_amount_decimal = { toString: () => "not a number" };
    expect(stripeInvoiceSchema.safeParse(raw).error?.issues[0]?.message).toBe("must be a decimal amount");
  });

  it("accepts the invoice's payments list", () => {
    const raw = invoiceObject({
      customer: "cus_shapes",
      status: "paid",
      created: T0,
      lines: [{ unitAmount: 500 }],
      payments: [{ id: "inpay_1", object: "invoice_payment", amount_paid: 500, amount_requested: 500, status: "paid", is_default: true, payment: { type: "payment_intent", payment_intent: "pi_1" } }],
    });
    expect(stripeInvoiceSchema.parse(raw).payments?.data[0]).toMatchObject({ amount_paid: 500, payment: { payment_intent: "pi_1" } });
  });
});

describe("amount bounds", () => {
  const base = () => invoiceObject({ customer: "cus_shapes", status: "open", created: T0, finalizedAt: T0, lines: [{ unitAmount: 100 }] });

  it("accepts an amount beyond 32 bits (Rp 500,000,000 is 50,000,000,000 minor units)", () => {
    expect(stripeInvoiceSchema.safeParse({ ...base(), currency: "idr", total: 50_000_000_000, subtotal: 50_000_000_000, amount_due: 50_000_000_000, amount_remaining: 50_000_000_000 }).success).toBe(true);
  });

  it.each<[string, number, RegExp]>([
    ["beyond the exact range", 2 ** 53, /beyond the exact range of an amount/],
    ["fractional", 10.5, /whole number of minor units/],
    ["negative where Stripe never is", -1, /must not be negative/],
  ])("refuses an amount %s with a clear reason", (_name, value, reason) => {
    const result = stripeInvoiceSchema.safeParse({ ...base(), amount_due: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["amount_due"]);
    expect(result.error?.issues[0]?.message).toMatch(reason);
  });
});

describe("subscription shapes", () => {
  it.each<PayloadShape>(["current", "legacy"])("reads a %s subscription's current period", async (shape) => {
    const raw = subscriptionObject({ id: `sub_period${shape}`, customer: "cus_shapes", status: "active", unitAmount: 2_000, quantity: 3, created: T0, periodStart: T0, periodEnd: T0 + 30 * 86_400 });
    if (shape === "legacy") {
      const item = (raw.items as { data: Array<Record<string, unknown>> }).data[0]!;
      Object.assign(raw, { current_period_start: item.current_period_start ?? T0, current_period_end: T0 + 30 * 86_400 });
      delete item.current_period_start;
      delete item.current_period_end;
    }
    await applyStripeSubscription(stripeSubscriptionSchema.parse(raw), { sourceId: `evt_sub_${shape}`, eventType: "customer.subscription.created", created: new Date(T0 * 1000) });
    const stored = await database.prisma.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: `sub_period${shape}` } });
    expect([stored.currentPeriodStart?.getTime(), stored.currentPeriodEnd?.getTime(), Number(stored.amount)]).toEqual([T0 * 1000, (T0 + 30 * 86_400) * 1000, 6_000]);
  });
});
