// "Replay all" for one issue: every open envelope of the cause, state-aware (an envelope whose
// effect is already there is settled as converged, not re-run). A few are sent at once; more go
// through the paced bulk replay, so a large issue never outruns Stripe's rate limits.
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { DEFAULT_REPLAY_RATE_PER_SECOND, startBulkReplay } from "./bulk-replay";
import { settleConvergedEnvelopes } from "./converged";
import { listOpenEnvelopeIdsOfIssue } from "./issues";
import { claimForReplay, sendReplays } from "./replay-envelopes";
import { inngestReplaySender, type ReplaySender } from "./replay-sender";

export interface IssueReplayResult {
  replayed: number;
  converged: number;
  failed: number;
  /** Set when the replays were handed to the paced bulk replay. */
  bulkId: string | null;
}

export interface IssueReplayRequest {
  issueId: string;
  actor: string;
  sender?: ReplaySender;
  /** Above this many envelopes the replay is paced (bulk replay) rather than sent at once. */
  immediateLimit?: number;
  /** Tests start the paced batches themselves. */
  startRun?: boolean;
}

export async function replayIssue(request: IssueReplayRequest): Promise<IssueReplayResult> {
  const group = await db().failureGroup.findUnique({ where: { id: request.issueId }, select: { id: true, fingerprint: true } });
  if (!group) throw new AppError("not_found", "That issue does not exist.");
  const open = await listOpenEnvelopeIdsOfIssue(group.fingerprint);
  let result: IssueReplayResult;
  if (open.length > (request.immediateLimit ?? DEFAULT_REPLAY_RATE_PER_SECOND)) {
    // Each paced batch settles its converged envelopes itself (its progress counts them): one dry
    // run per envelope, in the background, not all of them inside this request.
    const bulk = await startBulkReplay({ filter: { group: group.id }, actor: request.actor, startRun: request.startRun });
    result = { replayed: bulk.total, converged: 0, failed: 0, bulkId: bulk.bulkId };
  } else {
    const { toReplay, converged } = await settleConvergedEnvelopes(open, request.actor);
    const claimed = toReplay.length ? await db().$transaction((tx) => claimForReplay(tx, toReplay, { actor: request.actor })) : [];
    const sent = claimed.length ? await sendReplays(claimed, request.actor, request.sender ?? inngestReplaySender) : { sent: 0, failed: 0 };
    result = { replayed: sent.sent, converged: converged.length, failed: sent.failed, bulkId: null };
  }
  await db().$transaction((tx) =>
    recordAuditEvent(tx, {
      entityType: "failure_group",
      entityId: group.id,
      eventType: "failure_group.replayed",
      payload: { replayed: result.replayed, converged: result.converged, failed: result.failed, bulkId: result.bulkId },
      actor: request.actor,
      source: "support",
    }),
  );
  return result;
}
