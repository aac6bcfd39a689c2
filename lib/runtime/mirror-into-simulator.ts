// Gives the local Stripe simulator the customers, subscriptions and invoices the database already
// has (the demo seed writes the database), so both sides agree: a re-fetch finds the invoice,
// "Pay now" pays it, and the live demo stream bills real demo customers. Idempotent: objects the
// simulator already knows are left alone.
import type { PrismaClient } from "@/lib/db/generated/client";
import { TENANT_METADATA_KEY } from "@/lib/customers/tenant-mapping";
import { toMinorUnits } from "@/lib/money/minor-units";
import type { StripeSimulator } from "@ledgerline/stripe-simulator";

const toUnix = (date: Date) => Math.floor(date.getTime() / 1000);

export async function mirrorDatabaseIntoSimulator(prisma: PrismaClient, sim: StripeSimulator): Promise<{ customers: number; invoices: number }> {
  const customers = await prisma.customer.findMany({
    where: { deleted: false },
    select: {
      stripeCustomerId: true,
      name: true,
      email: true,
      createdAt: true,
      tenant: { select: { slug: true, name: true } },
      subscriptions: { select: { stripeSubscriptionId: true, amount: true, currency: true, interval: true, createdAt: true } },
      invoices: {
        orderBy: { stripeCreatedAt: "asc" },
        select: {
          stripeInvoiceId: true,
          status: true,
          currency: true,
          number: true,
          stripeCreatedAt: true,
          lineItems: { select: { stripeLineItemId: true, description: true, quantity: true, unitAmount: true, amount: true } },
        },
      },
    },
  });
  let mirroredCustomers = 0;
  let mirroredInvoices = 0;
  for (const customer of customers) {
    if (!sim.store.getCustomer(customer.stripeCustomerId)) {
      sim.store.seedCustomer({
        id: customer.stripeCustomerId,
        name: customer.name ?? undefined,
        email: customer.email ?? undefined,
        metadata: { [TENANT_METADATA_KEY]: customer.tenant.slug, ledgerline_tenant_name: customer.tenant.name },
        // Keeps new invoices numbered like the seeded ones (ACME-0013 after ACME-0012).
        invoicePrefix: customer.invoices.find((i) => i.number)?.number?.replace(/-\d+$/, ""),
        created: toUnix(customer.createdAt),
      });
      mirroredCustomers++;
      for (const sub of customer.subscriptions) {
        const interval = (["day", "week", "month", "year"] as const).find((i) => i === sub.interval) ?? "month";
        sim.store.seedSubscription({ id: sub.stripeSubscriptionId, customer: customer.stripeCustomerId, unitAmount: toMinorUnits(sub.amount), currency: sub.currency, interval, created: toUnix(sub.createdAt) });
      }
    }
    for (const invoice of customer.invoices) {
      if (sim.store.getInvoice(invoice.stripeInvoiceId)) continue;
      sim.store.seedInvoice({
        id: invoice.stripeInvoiceId,
        customer: customer.stripeCustomerId,
        currency: invoice.currency,
        status: invoice.status,
        number: invoice.number ?? undefined,
        created: toUnix(invoice.stripeCreatedAt),
        items: invoice.lineItems.map((line) => ({ lineId: line.stripeLineItemId ?? undefined, amount: toMinorUnits(line.unitAmount), quantity: line.quantity, description: line.description })),
      });
      mirroredInvoices++;
    }
  }
  await sim.flushState();
  return { customers: mirroredCustomers, invoices: mirroredInvoices };
}
