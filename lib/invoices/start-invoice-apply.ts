// The first statement of every invoice apply's transaction. It takes the invoices' locks, which
// serialize every writer of an invoice (concurrent deliveries, replays, sync, money returned), in
// one order, so two applies never wait on each other's invoices. And it turns PostgreSQL's JIT
// compiler off for the rest of the transaction (SET LOCAL, so transaction-mode poolers are fine):
// PostgreSQL compiles any statement whose estimated cost passes jit_above_cost, and the estimate
// of the snapshot write grows with the line-items table (a guess, on one not yet analyzed); at
// ~100,000 invoices every batch apply paid ~190 ms of compiling for a write that runs in tens of
// milliseconds. One statement for both, so the setting costs no round trip.
import type { Prisma } from "@/lib/db/generated/client";

export async function startInvoiceApply(tx: Prisma.TransactionClient, stripeInvoiceIds: string[]): Promise<void> {
  await tx.$executeRaw`SELECT set_config('jit', 'off', true), (SELECT count(pg_advisory_xact_lock(key)) FROM (SELECT DISTINCT hashtext(id) AS key FROM unnest(${stripeInvoiceIds}::text[]) AS id ORDER BY 1) AS locks)`;
}
