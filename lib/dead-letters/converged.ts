// State-aware replay: before an envelope is replayed, its intent (the Stripe object in its
// payload) is compared with what Ledgerline holds now. When the effect is already there — the
// event was applied, the stored record already says the same, or a newer event superseded it —
// the envelope is marked resolved as converged (audited) and not re-run. The local row is asked
// first; only when it does not exist is the Stripe object read (lib/dead-letters/stripe-convergence.ts).
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import { dryRunReplay, type DryRunResult } from "./dry-run-replay";
import { resolveIssueIfSettled } from "./failure-groups";
import { stripeConvergedReason } from "./stripe-convergence";

/** Whether the dry run's verdict means the envelope's effect is already in place. */
export function isConverged(dryRun: DryRunResult): boolean {
  if (!dryRun.valid || !dryRun.target.exists) return false;
  return dryRun.alreadyApplied || dryRun.stale || dryRun.changes.length === 0;
}

interface ConvergedVerdict {
  checked: "local" | "stripe";
  summary: string;
  target: DryRunResult["target"];
}

/** Whether the envelope's effect is in place (and what said so), or null: replay it. Throws when it cannot tell. */
async function convergedVerdict(envelopeId: string): Promise<ConvergedVerdict | null> {
  const dryRun = await dryRunReplay(envelopeId);
  if (isConverged(dryRun)) return { checked: "local", summary: dryRun.summary, target: dryRun.target };
  if (!dryRun.valid || dryRun.target.exists) return null;
  const reason = await stripeConvergedReason(dryRun.target);
  return reason ? { checked: "stripe", summary: reason, target: dryRun.target } : null;
}

/**
 * Settles the converged ones of `envelopeIds` (open only) and returns the ids still to replay, in
 * order. Each converged envelope is resolved once, with what decided it in its audit event.
 */
export async function settleConvergedEnvelopes(envelopeIds: string[], actor: string): Promise<{ toReplay: string[]; converged: string[] }> {
  const toReplay: string[] = [];
  const converged: string[] = [];
  for (const envelopeId of envelopeIds) {
    // A check that fails (Stripe down, a payload that does not parse) settles nothing.
    const verdict = await convergedVerdict(envelopeId).catch(() => null);
    if (!verdict) {
      toReplay.push(envelopeId);
      continue;
    }
    const settled = await db().$transaction(async (tx) => {
      const envelope = await tx.failureEnvelope.findUnique({ where: { id: envelopeId }, select: { tenantId: true } });
      const updated = await tx.failureEnvelope.updateMany({ where: { id: envelopeId, status: "open" }, data: { status: "resolved" } });
      if (updated.count === 0) return false;
      await recordAuditEvent(tx, {
        tenantId: envelope?.tenantId ?? null,
        entityType: "failure_envelope",
        entityId: envelopeId,
        eventType: "failure_envelope.converged",
        payload: { by: "state-check", checked: verdict.checked, summary: verdict.summary, target: { kind: verdict.target.kind, stripeId: verdict.target.stripeId } },
        actor,
        source: "support",
      });
      await resolveIssueIfSettled(tx, envelopeId, actor);
      return true;
    });
    if (settled) converged.push(envelopeId);
  }
  return { toReplay, converged };
}
