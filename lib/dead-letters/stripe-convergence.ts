// Converged detection where the local row cannot tell: the envelope's invoice or customer was never
// stored, so whether its effect still matters is Stripe's to say. An invoice Stripe deleted, or
// voided and replaced by a revision, or a customer Stripe deleted, leaves the replay nothing to do.
// Anything live in Stripe is not converged: replaying the event is what stores it. Read through the
// process's Stripe guard (budget and breaker); a Stripe error is thrown, never taken for "converged".
// Stripe answers a deleted invoice with "No such invoice" (404), as it does an id it never had (another
// account or mode): a 404 means deleted only when Stripe also sent us that invoice's `invoice.deleted`.
import Stripe from "stripe";
import { stripeGuard } from "@/lib/billing-sync/stripe-guard";
import { sql } from "@/lib/db/client";
import { getStripe } from "@/lib/stripe/client";

export interface StripeTarget {
  kind: "invoice" | "customer" | "subscription" | "unknown";
  stripeId: string | null;
}

function isMissing(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeError && error.statusCode === 404 && error.code === "resource_missing";
}

async function deletionAnnounced(stripeInvoiceId: string): Promise<boolean> {
  const rows = await sql().query<{ announced: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM "webhook_inbox" WHERE "type" = 'invoice.deleted' AND "payload" #>> '{data,object,id}' = $1) AS "announced"`,
    [stripeInvoiceId],
  );
  return rows[0]?.announced ?? false;
}

async function invoiceVerdict(stripeId: string): Promise<string | null> {
  const invoice = await stripeGuard()
    .call("invoices.retrieve", () => getStripe().invoices.retrieve(stripeId))
    .catch(async (error: unknown) => {
      if (isMissing(error)) return { deleted: await deletionAnnounced(stripeId) };
      throw error;
    });
  if ("deleted" in invoice && invoice.deleted) return `Stripe reports invoice ${stripeId} deleted: there is nothing left to apply.`;
  if ("status" in invoice && invoice.status === "void" && invoice.latest_revision) {
    const revision = typeof invoice.latest_revision === "string" ? invoice.latest_revision : invoice.latest_revision.id;
    return `Stripe reports invoice ${stripeId} voided and replaced by ${revision}: there is nothing left to apply.`;
  }
  return null;
}

async function customerVerdict(stripeId: string): Promise<string | null> {
  const customer = await stripeGuard().call("customers.retrieve", () => getStripe().customers.retrieve(stripeId));
  return customer.deleted ? `Stripe reports customer ${stripeId} deleted: there is nothing left to apply.` : null;
}

/** Why Stripe says the envelope's effect no longer needs applying, or null when it still does. */
export async function stripeConvergedReason(target: StripeTarget): Promise<string | null> {
  if (!target.stripeId) return null;
  if (target.kind === "invoice") return invoiceVerdict(target.stripeId);
  if (target.kind === "customer") return customerVerdict(target.stripeId);
  return null;
}
