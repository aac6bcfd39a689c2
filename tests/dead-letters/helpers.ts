// Seeding for the dead-letter tests: envelopes written through the real recorder, Stripe-shaped
// payloads, and a sender that counts what a replay hands to Inngest.
import { randomUUID } from "node:crypto";
import { recordFailureEnvelope } from "@/lib/dead-letters/record-failure-envelope";
import type { ReplayEvent, ReplaySender } from "@/lib/dead-letters/replay-sender";
import { db } from "@/lib/db/client";
import { retryPolicyFor } from "@/lib/jobs/retry-policies";

let counter = 0;

export function invoiceEvent(overrides: { customer?: string; invoiceId?: string; type?: string; amountDue?: number; number?: string } = {}) {
  counter++;
  const id = overrides.invoiceId ?? `in_test${counter}${randomUUID().slice(0, 8)}`;
  return {
    id: `evt_test${counter}${randomUUID().slice(0, 8)}`,
    object: "event" as const,
    type: overrides.type ?? "invoice.paid",
    api_version: "2025-01-01",
    created: 1_763_000_000 + counter,
    livemode: false,
    data: {
      object: {
        object: "invoice",
        id,
        customer: overrides.customer ?? "cus_testcustomer",
        number: overrides.number ?? `INV-${counter}`,
        status: "paid",
        currency: "usd",
        subtotal: 1000,
        total: 1000,
        amount_due: overrides.amountDue ?? 1000,
        amount_paid: 1000,
        amount_remaining: 0,
        period_start: 1_762_000_000,
        period_end: 1_762_600_000,
        created: 1_762_000_000,
      },
    },
  };
}

export interface SeedOptions {
  jobType?: string;
  reason?: string;
  tenantId?: string | null;
  failedAt?: Date;
  stripeEvent?: ReturnType<typeof invoiceEvent>;
}

export async function seedEnvelope(options: SeedOptions = {}): Promise<string> {
  const stripeEvent = options.stripeEvent ?? invoiceEvent();
  const { id } = await recordFailureEnvelope({
    jobId: stripeEvent.id,
    jobType: options.jobType ?? "stripe-invoice-paid",
    runId: `run_${randomUUID()}`,
    tenantId: options.tenantId ?? null,
    attempt: 3,
    policy: retryPolicyFor("payment"),
    reason: options.reason ?? "Stripe answered 500 for cus_abc123",
    stack: "Error: boom\n    at somewhere",
    payload: { stripeEvent },
    stripeEventId: stripeEvent.id,
    failedAt: options.failedAt,
  });
  return id;
}

export async function createTenant(slug: string): Promise<string> {
  const tenant = await db().tenant.create({ data: { slug, name: `${slug} Inc` } });
  return tenant.id;
}

export function countingSender(options: { failWith?: Error } = {}): ReplaySender & { events: ReplayEvent[] } {
  const events: ReplayEvent[] = [];
  return {
    events,
    async send(batch) {
      if (options.failWith) throw options.failWith;
      events.push(...batch);
      return batch.map((e) => `driver-${e.id}`);
    },
  };
}
