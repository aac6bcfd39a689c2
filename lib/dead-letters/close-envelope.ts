// Closing a failure without replaying it: discard (admins) or mark resolved (support), always
// with a reason, always audited. Only an open envelope can be closed.
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { resolveIssueIfSettled } from "./failure-groups";

export type CloseAction = "discard" | "resolve";

export async function closeEnvelope(input: { envelopeId: string; action: CloseAction; reason: string; actor: string }): Promise<{ status: "discarded" | "resolved" }> {
  const status = input.action === "discard" ? "discarded" : "resolved";
  return db().$transaction(async (tx) => {
    const envelope = await tx.failureEnvelope.findUnique({ where: { id: input.envelopeId }, select: { status: true, tenantId: true } });
    if (!envelope) throw new AppError("not_found", "That failure does not exist.");
    const updated = await tx.failureEnvelope.updateMany({ where: { id: input.envelopeId, status: "open" }, data: { status } });
    if (updated.count === 0) throw new AppError("conflict", `This failure is ${envelope.status}; only an open failure can be ${status}.`);
    await recordAuditEvent(tx, {
      tenantId: envelope.tenantId,
      entityType: "failure_envelope",
      entityId: input.envelopeId,
      eventType: `failure_envelope.${status}`,
      payload: { by: "support", reason: input.reason },
      actor: input.actor,
      source: "support",
    });
    await resolveIssueIfSettled(tx, input.envelopeId, input.actor);
    return { status };
  });
}
