// Failures grouped into issues: the same job type and normalized reason (the SQL function
// dlq_reason_key, one definition for writes, filters and the index) form one group.
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { FailureGroupState } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";

type Tx = Prisma.TransactionClient;

/** Counts one more failure in its group; a resolved group is reopened by a new failure. */
export async function recordGroupOccurrence(tx: Tx, jobType: string, reason: string, at: Date): Promise<{ id: string; reopened: boolean }> {
  const rows = await tx.$queryRaw<{ id: string; reopened: boolean }[]>`
    WITH "previous" AS (
      SELECT "state" FROM "failure_groups" WHERE "job_type" = ${jobType} AND "reason_key" = dlq_reason_key(${reason})
    ), "upserted" AS (
      INSERT INTO "failure_groups" ("job_type", "reason_key", "sample_reason", "occurrences", "first_seen_at", "last_seen_at")
      VALUES (${jobType}, dlq_reason_key(${reason}), left(${reason}, 500), 1, ${at}, ${at})
      ON CONFLICT ("job_type", "reason_key") DO UPDATE SET
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
    await recordAuditEvent(tx, { entityType: "failure_group", entityId: row.id, eventType: "failure_group.reopened", payload: { jobType, reason: reason.slice(0, 500) }, actor: "system:dead-letters", source: "inngest" });
  }
  return row;
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
