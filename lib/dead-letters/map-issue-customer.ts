// The fix for "Stripe customer cus_… is not mapped to a tenant": support chooses the tenant. The
// customer is recorded under it (audited), so this and every later event about the customer
// applies; with real Stripe keys the `ledgerline_tenant` metadata is set in Stripe too, so Stripe
// says the same. Then every envelope the missing mapping blocked is replayed.
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getEnv } from "@/lib/config/env";
import { TENANT_METADATA_KEY } from "@/lib/customers/tenant-mapping";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { logger } from "@/lib/logging/logger";
import { getStripe } from "@/lib/stripe/client";
import { causeKindOf } from "./fingerprint";
import { replayIssue, type IssueReplayResult } from "./replay-issue";
import type { ReplaySender } from "./replay-sender";

export interface MapCustomerRequest {
  issueId: string;
  tenantId: string;
  actor: string;
  sender?: ReplaySender;
  /** Whether to write the metadata in Stripe; by default only with real Stripe keys. */
  updateStripe?: boolean;
}

export interface MapCustomerResult extends IssueReplayResult {
  stripeCustomerId: string;
  tenantName: string;
  stripeMetadata: "set" | "skipped" | "failed";
}

/** Name and email from Stripe when it answers; the mapping does not depend on them. */
async function readStripeCustomer(stripeCustomerId: string): Promise<{ name: string | null; email: string | null }> {
  try {
    const customer = await getStripe().customers.retrieve(stripeCustomerId);
    return "deleted" in customer && customer.deleted ? { name: null, email: null } : { name: customer.name ?? null, email: customer.email ?? null };
  } catch {
    return { name: null, email: null };
  }
}

async function setTenantMetadata(stripeCustomerId: string, slug: string, customerRowId: string, tenantId: string, actor: string): Promise<"set" | "failed"> {
  try {
    await getStripe().customers.update(stripeCustomerId, { metadata: { [TENANT_METADATA_KEY]: slug } }, { idempotencyKey: `tenant-mapping:${stripeCustomerId}:${slug}` });
    return "set";
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger().warn({ err: error, stripeCustomerId }, "tenant metadata not written to Stripe");
    await db().$transaction((tx) =>
      recordAuditEvent(tx, { tenantId, entityType: "customer", entityId: customerRowId, eventType: "customer.tenant_metadata_failed", payload: { stripeCustomerId, reason: reason.slice(0, 500) }, actor, source: "support" }),
    );
    return "failed";
  }
}

export async function mapIssueCustomer(request: MapCustomerRequest): Promise<MapCustomerResult> {
  const group = await db().failureGroup.findUnique({ where: { id: request.issueId }, select: { subject: true, sampleReason: true } });
  if (!group) throw new AppError("not_found", "That issue does not exist.");
  const stripeCustomerId = group.subject;
  if (!stripeCustomerId || causeKindOf(group.sampleReason) !== "unmapped_customer") {
    throw new AppError("conflict", "This issue is not about a Stripe customer without a tenant; there is no customer to map.");
  }
  const tenant = await db().tenant.findUnique({ where: { id: request.tenantId }, select: { id: true, slug: true, name: true } });
  if (!tenant) throw new AppError("invalid_input", "That tenant does not exist.", { fields: { tenantId: "choose an existing tenant" } });
  const details = await readStripeCustomer(stripeCustomerId);
  const customer = await db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${stripeCustomerId}))`;
    const existing = await tx.customer.findUnique({ where: { stripeCustomerId }, select: { id: true, tenantId: true } });
    if (existing && existing.tenantId !== tenant.id) throw new AppError("conflict", `Stripe customer ${stripeCustomerId} already belongs to another tenant; it was not moved.`);
    const saved = existing ?? (await tx.customer.create({ data: { tenantId: tenant.id, stripeCustomerId, name: details.name, email: details.email }, select: { id: true, tenantId: true } }));
    if (!existing) {
      await recordAuditEvent(tx, {
        tenantId: tenant.id,
        entityType: "customer",
        entityId: saved.id,
        eventType: "customer.tenant_mapped",
        payload: { stripeCustomerId, tenantId: tenant.id, tenantSlug: tenant.slug, issueId: request.issueId },
        actor: request.actor,
        source: "support",
      });
    }
    return saved;
  });
  const updateStripe = request.updateStripe ?? Boolean(getEnv().STRIPE_SECRET_KEY);
  const stripeMetadata = updateStripe ? await setTenantMetadata(stripeCustomerId, tenant.slug, customer.id, tenant.id, request.actor) : "skipped";
  const replay = await replayIssue({ issueId: request.issueId, actor: request.actor, sender: request.sender });
  return { ...replay, stripeCustomerId, tenantName: tenant.name, stripeMetadata };
}
