// Fills an empty database with a realistic year of billing for a few tenants: invoices in every
// status, line items, subscriptions and the audit trail that produced them. Runs once: a
// marker in app_settings makes a second run a no-op.
import type { PrismaClient, Prisma } from "@/lib/db/generated/client";
import type { InvoiceStatus } from "@/lib/db/generated/enums";
import { hashPassword } from "@/lib/auth/password";
import { DEMO_PASSWORD, demoAccounts, demoTenants } from "./demo-accounts";

const SEED_MARKER = "demo_seeded_at";
const MONTHS_OF_HISTORY = 12;

/** Small deterministic PRNG so every fresh demo looks the same. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function monthStart(base: Date, offset: number): Date {
  return new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth() + offset, 1));
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

interface PlannedInvoice {
  status: InvoiceStatus;
  failedFirst: boolean;
}

/** Which status the invoice of month `index` (0 = oldest, last = current) ends in. */
function planInvoice(index: number, last: number, random: () => number): PlannedInvoice {
  if (index === last) return { status: "draft", failedFirst: false };
  if (index === last - 1) return { status: "open", failedFirst: random() < 0.3 };
  const roll = random();
  if (roll < 0.05) return { status: "uncollectible", failedFirst: true };
  if (roll < 0.09) return { status: "void", failedFirst: false };
  return { status: "paid", failedFirst: roll > 0.85 };
}

/** Stripe-style invoice number prefix, one per customer: ACME, ACME2, … */
export function invoicePrefix(slug: string, customerIndex: number): string {
  return `${slug.toUpperCase()}${customerIndex > 0 ? customerIndex + 1 : ""}`;
}

export interface SeedResult {
  seeded: boolean;
  tenants: number;
  invoices: number;
}

export interface SeedOptions {
  now?: Date;
  /** Where the invoices' hosted pages and PDFs live (the local Stripe simulator in the demo). */
  hostedBaseUrl?: string;
}

export async function seedDemoData(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedResult> {
  const now = options.now ?? new Date();
  const hostedBaseUrl = options.hostedBaseUrl ?? "https://invoice.stripe.com";
  if (await prisma.appSetting.findUnique({ where: { key: SEED_MARKER } })) {
    return { seeded: false, tenants: 0, invoices: 0 };
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const random = mulberry32(20261122);
  let invoiceCount = 0;

  await prisma.$transaction(
    async (tx) => {
      // Claim the marker first: a concurrent seeder fails on the primary key and rolls back.
      await tx.appSetting.create({ data: { key: SEED_MARKER, value: now.toISOString() } });
      const tenantIds = new Map<string, string>();
      for (const spec of demoTenants) {
        const tenant = await tx.tenant.create({ data: { slug: spec.slug, name: spec.name, createdAt: monthStart(now, -MONTHS_OF_HISTORY - 1) } });
        tenantIds.set(spec.slug, tenant.id);
        for (const [n, planAmount] of spec.plans.entries()) {
          invoiceCount += await seedCustomer(tx, { tenantId: tenant.id, slug: spec.slug, name: spec.name, n, planAmount, currency: spec.currency, now, random, hostedBaseUrl });
        }
      }
      for (const account of demoAccounts) {
        await tx.user.create({
          data: {
            email: account.email,
            name: account.name,
            role: account.role,
            passwordHash,
            tenantId: account.tenantSlug ? tenantIds.get(account.tenantSlug) : null,
          },
        });
      }
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return { seeded: true, tenants: demoTenants.length, invoices: invoiceCount };
}

interface CustomerSeed {
  tenantId: string;
  slug: string;
  name: string;
  n: number;
  planAmount: number;
  currency: string;
  now: Date;
  random: () => number;
  hostedBaseUrl: string;
}

async function seedCustomer(tx: Prisma.TransactionClient, c: CustomerSeed): Promise<number> {
  const stripeCustomerId = `cus_demo_${c.slug}_${c.n + 1}`;
  const since = monthStart(c.now, -MONTHS_OF_HISTORY);
  const customer = await tx.customer.create({
    data: {
      tenantId: c.tenantId,
      stripeCustomerId,
      name: c.n === 0 ? c.name : `${c.name} (team ${c.n + 1})`,
      email: `billing${c.n > 0 ? c.n + 1 : ""}@${c.slug}.test`,
      createdAt: since,
    },
  });
  await tx.subscription.create({
    data: {
      tenantId: c.tenantId,
      customerId: customer.id,
      stripeSubscriptionId: `sub_demo_${c.slug}_${c.n + 1}`,
      status: "active",
      currency: c.currency,
      amount: c.planAmount,
      interval: "month",
      currentPeriodStart: monthStart(c.now, 0),
      currentPeriodEnd: monthStart(c.now, 1),
      createdAt: since,
    },
  });
  await audit(tx, c.tenantId, "customer", customer.id, "customer.created", { stripeCustomerId }, since);

  for (let i = 0; i <= MONTHS_OF_HISTORY; i++) {
    const periodStart = monthStart(c.now, i - MONTHS_OF_HISTORY);
    const periodEnd = monthStart(c.now, i - MONTHS_OF_HISTORY + 1);
    const plan = planInvoice(i, MONTHS_OF_HISTORY, c.random);
    const units = 1000 + Math.floor(c.random() * 9000);
    const unitPrice = c.currency === "eur" ? 2 : 3;
    const lines = [
      { description: "Platform plan (monthly)", quantity: 1, unitAmount: c.planAmount },
      { description: "API requests (per 1,000)", quantity: units, unitAmount: unitPrice },
    ];
    const subtotal = lines.reduce((sum, line) => sum + line.quantity * line.unitAmount, 0);
    const created = plan.status === "draft" ? periodStart : periodEnd;
    const finalizedAt = plan.status === "draft" ? null : addDays(periodEnd, 0);
    const paid = plan.status === "paid";
    const stripeInvoiceId = `in_demo_${c.slug}_${c.n + 1}_${periodStart.toISOString().slice(0, 7).replace("-", "")}`;
    const invoice = await tx.invoice.create({
      data: {
        tenantId: c.tenantId,
        customerId: customer.id,
        stripeInvoiceId,
        number: plan.status === "draft" ? null : `${invoicePrefix(c.slug, c.n)}-${String(i + 1).padStart(4, "0")}`,
        status: plan.status,
        currency: c.currency,
        subtotal,
        total: subtotal,
        amountDue: subtotal,
        amountPaid: paid ? subtotal : 0,
        amountRemaining: paid || plan.status === "void" ? 0 : subtotal,
        periodStart,
        periodEnd,
        dueDate: plan.status === "draft" ? null : addDays(periodEnd, 14),
        hostedInvoiceUrl: plan.status === "draft" ? null : `${c.hostedBaseUrl}/hosted/invoices/${stripeInvoiceId}`,
        invoicePdfUrl: plan.status === "draft" ? null : `${c.hostedBaseUrl}/hosted/invoices/${stripeInvoiceId}/pdf`,
        stripeCreatedAt: created,
        finalizedAt,
        paidAt: paid ? addDays(periodEnd, plan.failedFirst ? 5 : 1) : null,
        lastEventCreatedAt: created,
        createdAt: created,
        lineItems: {
          create: lines.map((line, index) => ({
            tenantId: c.tenantId,
            stripeLineItemId: `il_${stripeInvoiceId.slice(3)}_${index}`,
            description: line.description,
            quantity: line.quantity,
            unitAmount: line.unitAmount,
            amount: line.quantity * line.unitAmount,
            currency: c.currency,
            periodStart,
            periodEnd,
          })),
        },
      },
    });
    await seedInvoiceHistory(tx, c.tenantId, invoice.id, plan, { created, periodEnd, total: subtotal });
  }
  return MONTHS_OF_HISTORY + 1;
}

async function seedInvoiceHistory(
  tx: Prisma.TransactionClient,
  tenantId: string,
  invoiceId: string,
  plan: PlannedInvoice,
  at: { created: Date; periodEnd: Date; total: number },
) {
  const steps: Array<[string, Date, Prisma.InputJsonValue]> = [["invoice.created", at.created, { status: "draft", total: at.total }]];
  if (plan.status !== "draft") steps.push(["invoice.finalized", at.periodEnd, { status: "open" }]);
  if (plan.failedFirst) steps.push(["invoice.payment_failed", addDays(at.periodEnd, 1), { attempt: 1, reason: "card_declined" }]);
  if (plan.status === "paid") steps.push(["invoice.paid", addDays(at.periodEnd, plan.failedFirst ? 5 : 1), { status: "paid", amountPaid: at.total }]);
  if (plan.status === "void") steps.push(["invoice.voided", addDays(at.periodEnd, 2), { status: "void" }]);
  if (plan.status === "uncollectible") steps.push(["invoice.marked_uncollectible", addDays(at.periodEnd, 30), { status: "uncollectible" }]);
  for (const [eventType, createdAt, payload] of steps) {
    await audit(tx, tenantId, "invoice", invoiceId, eventType, payload, createdAt);
  }
}

function audit(tx: Prisma.TransactionClient, tenantId: string, entityType: string, entityId: string, eventType: string, payload: Prisma.InputJsonValue, createdAt: Date) {
  return tx.auditEvent.create({ data: { tenantId, entityType, entityId, eventType, payload, actor: "stripe", source: "seed", createdAt } });
}
