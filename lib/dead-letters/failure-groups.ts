// Failures grouped into issues by root cause: envelopes with the same fingerprint (the normalized
// reason from the SQL function dlq_reason_key, plus the Stripe customer it names — see
// fingerprint.ts) form one issue, whatever job type failed.
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { FailureGroupState } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";
import { subjectOf } from "./fingerprint";

type Tx = Prisma.TransactionClient;

/**
 * Stamps the envelope with the fingerprint of its (new) reason and counts one more failure in that
 * issue; a resolved issue is reopened: its cause recurred.
 */
export async function recordGroupOccurrence(tx: Tx, envelopeId: string, reason: string, at: Date): Promise<{ id: string; reopened: boolean }> {
  const subject = subjectOf(reason);
  const [stamped] = await tx.$queryRaw<{ fingerprint: string }[]>`
    UPDATE "failure_envelopes" SET "fingerprint" = dlq_reason_key(${reason}) || COALESCE(' @' || ${subject}::text, '')
    WHERE "id" = ${envelopeId}::uuid RETURNING "fingerprint"`;
  const fingerprint = stamped!.fingerprint;
  const rows = await tx.$queryRaw<{ id: string; reopened: boolean }[]>`
    WITH "previous" AS (
      SELECT "state" FROM "failure_groups" WHERE "fingerprint" = ${fingerprint}
    ), "upserted" AS (
      INSERT INTO "failure_groups" ("fingerprint", "reason_key", "subject", "sample_reason", "occurrences", "first_seen_at", "last_seen_at")
      VALUES (${fingerprint}, dlq_reason_key(${reason}), ${subject}, left(${reason}, 500), 1, ${at}, ${at})
      ON CONFLICT ("fingerprint") DO UPDATE SET
        "occurrences" = "failure_groups"."occurrences" + 1,
        "last_seen_at" = GREATEST("failure_groups"."last_seen_at", EXCLUDED."last_seen_at"),
        "sample_reason" = EXCLUDED."sample_reason",
        "state" = CASE WHEN "failure_groups"."state" = 'resolved' THEN 'open'::"FailureGroupState" ELSE "failure_groups"."state" END,
        "state_changed_at" = CASE WHEN "failure_groups"."state" = 'resolved' THEN EXCLUDED."last_seen_at" ELSE "failure_groups"."state_changed_at" END,
        "state_changed_by" = CASE WHEN "failure_groups"."state" = 'resolved' THEN 'system:new-failure' ELSE "failure_groups"."state_changed_by" END
      RETURNING "id"
    )
    SELECT "upserted"."id", COALESCE((SELECT "state" = 'resolved' FROM "previous"), false) AS "reopened" FROM "upserted"`;
  const row = rows[0]!;
  if (row.reopened) {
    await recordAuditEvent(tx, { entityType: "failure_group", entityId: row.id, eventType: "failure_group.reopened", payload: { fingerprint, envelopeId, reason: reason.slice(0, 500) }, actor: "system:dead-letters", source: "inngest" });
  }
  return row;
}

/**
 * An issue whose envelopes have all converged (resolved or discarded) resolves itself; called
 * after an envelope leaves the open states. A no-op while any envelope is still open or replaying.
 */
export async function resolveIssueIfSettled(tx: Tx, envelopeId: string, actor: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    UPDATE "failure_groups" g SET "state" = 'resolved', "state_changed_at" = now(), "state_changed_by" = ${actor}, "state_note" = 'Every failure of this issue converged.'
    WHERE g."fingerprint" = (SELECT "fingerprint" FROM "failure_envelopes" WHERE "id" = ${envelopeId}::uuid)
      AND g."state" <> 'resolved'
      AND NOT EXISTS (SELECT 1 FROM "failure_envelopes" fe WHERE fe."fingerprint" = g."fingerprint" AND fe."status" IN ('open', 'replayed'))
    RETURNING g."id"`;
  if (!row) return false;
  await recordAuditEvent(tx, { entityType: "failure_group", entityId: row.id, eventType: "failure_group.resolved", payload: { by: "converged", envelopeId }, actor, source: "system" });
  return true;
}

/** Support sets an issue's state (open, acknowledged, resolved), with an optional note. */
export async function setFailureGroupState(groupId: string, state: FailureGroupState, actor: string, note: string | null): Promise<void> {
  await db().$transaction(async (tx) => {
    const group = await tx.failureGroup.findUnique({ where: { id: groupId }, select: { state: true } });
    if (!group) throw new AppError("not_found", "That issue does not exist.");
    if (group.state === state) return;
    await tx.failureGroup.update({ where: { id: groupId }, data: { state, stateChangedAt: new Date(), stateChangedBy: actor, stateNote: note } });
    await recordAuditEvent(tx, { entityType: "failure_group", entityId: groupId, eventType: `failure_group.${state}`, payload: { from: group.state, to: state, note }, actor, source: "support" });
  });
}
