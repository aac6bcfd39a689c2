// Closes a Stripe event's inbox entry once its apply has settled it. The outcomes every apply
// (invoice, customer, subscription) can end in are listed here, so the process and the inbox
// agree on which of them settle an event.
import { markInboxProcessed } from "./inbox";

/**
 * `applied`, `stale` (older than the stored state) and `conflict` (waits in the conflict review)
 * settle the event; after `missing-customer` and `needs-refetch` the process goes on to another step.
 */
export type ApplyOutcome = "applied" | "stale" | "conflict" | "missing-customer" | "needs-refetch";

/** What an apply returns: its outcome, and the tenant once the object is known. */
export interface ApplyResult {
  outcome: ApplyOutcome;
  tenantId?: string | null;
}

const PROVISIONAL_OUTCOMES: ReadonlySet<ApplyOutcome> = new Set(["missing-customer", "needs-refetch"]);

/** Marks the entry processed unless the outcome left the event unsettled. Idempotent. */
export async function settleInboxEntry(stripeEventId: string, result: ApplyResult): Promise<void> {
  if (PROVISIONAL_OUTCOMES.has(result.outcome)) return;
  await markInboxProcessed(stripeEventId, result.tenantId ?? null, result.outcome === "stale" ? "Older than the stored state: not applied." : undefined);
}
