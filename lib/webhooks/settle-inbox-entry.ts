// Closes a Stripe event's inbox entry once its apply has settled it. The outcomes every apply
// (invoice, customer, subscription) can end in are listed here, so the process and the inbox
// agree on which of them settle an event.
import { sql } from "@/lib/db/client";
import { createGroupCommit } from "@/lib/db/group-commit";

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

interface SettledEntry {
  eventId: string;
  tenantId: string | null;
  note: string | null;
}

// Runs settling at the same time share one UPDATE and its commit (see group-commit.ts): under a
// backlog the driver runs several events at once, and each would otherwise pay a commit here.
const markProcessedBatch = createGroupCommit<SettledEntry, void>(async (entries) => {
  await sql().query(
    `UPDATE webhook_inbox w SET status = 'processed', processed_at = now(), tenant_id = (e->>'tenantId')::uuid, last_error = e->>'note'
     FROM jsonb_array_elements($1::jsonb) AS e
     WHERE w.event_id = e->>'eventId'`,
    [JSON.stringify(entries)],
  );
  return entries.map(() => undefined);
});

/** Marks the entry processed unless the outcome left the event unsettled. Idempotent. */
export async function settleInboxEntry(stripeEventId: string, result: ApplyResult): Promise<void> {
  if (PROVISIONAL_OUTCOMES.has(result.outcome)) return;
  await markProcessedBatch({
    eventId: stripeEventId,
    tenantId: result.tenantId ?? null,
    note: result.outcome === "stale" ? "Older than the stored state: not applied." : null,
  });
}
