// Fixtures for the billing-sync tests: a tenant with a customer and a draft invoice in the
// database (and, with a pipeline, in the Stripe simulator too).
import type { PrismaClient } from "@/lib/db/generated/client";
import { getStripe } from "@/lib/stripe/client";
import type { Pipeline } from "../support/pipeline-harness";

export async function seedTenantWithDraft(prisma: PrismaClient, slug: string) {
  const tenant = await prisma.tenant.create({ data: { slug, name: slug } });
  const customer = await prisma.customer.create({ data: { tenantId: tenant.id, stripeCustomerId: `cus_${slug}_1`, name: slug } });
  const invoice = await seedDraftInvoice(prisma, tenant.id, customer.id, `in_${slug}_draft`, new Date("2026-11-01T00:00:00Z"));
  return { tenant, customer, invoice };
}

/** The columns of an empty draft invoice of the customer, created at `createdAt` for `periodDays`. */
export function draftInvoiceData(tenantId: string, customerId: string, stripeInvoiceId: string, createdAt: Date, periodDays = 30) {
  return {
    tenantId,
    customerId,
    stripeInvoiceId,
    status: "draft" as const,
    currency: "usd",
    subtotal: 0,
    total: 0,
    amountDue: 0,
    amountPaid: 0,
    amountRemaining: 0,
    periodStart: createdAt,
    periodEnd: new Date(createdAt.getTime() + periodDays * 86_400_000),
    stripeCreatedAt: createdAt,
  };
}

/** An empty draft invoice of the customer, created at `createdAt` for a 30-day period. */
export async function seedDraftInvoice(prisma: PrismaClient, tenantId: string, customerId: string, stripeInvoiceId: string, createdAt: Date) {
  return prisma.invoice.create({ data: draftInvoiceData(tenantId, customerId, stripeInvoiceId, createdAt) });
}

/** A customer and a draft invoice created through Stripe, arrived in the database by webhook. */
export async function createDraftThroughStripe(pipeline: Pipeline, slug: string) {
  const stripeCustomerId = pipeline.createCustomer(slug);
  await pipeline.settle();
  const draft = await getStripe().invoices.create({ customer: stripeCustomerId, auto_advance: false });
  await pipeline.settle();
  const prisma = pipeline.database.prisma;
  const invoice = await prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: draft.id } });
  return { stripeCustomerId, stripeInvoiceId: draft.id, invoice, tenantId: invoice.tenantId };
}

export function usage(customer: string, n: number, line = "api_calls", unitAmount = 3, quantity = 1) {
  return { idempotencyKey: `inc-${customer}-${line}-${n}`, customer, line, description: `Usage: ${line}`, unitAmount, quantity };
}
