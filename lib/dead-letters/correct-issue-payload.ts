// A payload error fixed once for the whole issue: the correction support made to one envelope's
// payload (its leaf changes) is applied to every open envelope of the issue. The preview dry-runs
// each corrected payload; the replay sends each one (validated, diffed and audited as an edit).
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { dryRunReplay } from "./dry-run-replay";
import { listOpenEnvelopeIdsOfIssue } from "./issues";
import { diffJson, type DiffEntry } from "./replay-payload";
import { replayEnvelope } from "./replay-envelopes";
import type { ReplaySender } from "./replay-sender";

/** Paths a correction may never carry to other envelopes: each keeps its own event. */
const OWN_PATHS = new Set(["stripeEvent.id", "stripeEvent.type", "stripeEvent.created"]);

export function correctionOf(original: unknown, edited: unknown): DiffEntry[] {
  return diffJson(original, edited).filter((entry) => entry.path && !OWN_PATHS.has(entry.path));
}

/** The payload with each changed leaf set to the corrected value (a deep copy). */
export function applyCorrection(payload: unknown, correction: DiffEntry[]): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(payload ?? {}));
  for (const { path, after } of correction) {
    const keys = path.split(".");
    let node = copy as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) {
      if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    const last = keys[keys.length - 1]!;
    if (after === null) delete node[last];
    else node[last] = after;
  }
  return copy;
}

async function correctedPayloads(issueId: string, sourceEnvelopeId: string, editedPayload: unknown) {
  const group = await db().failureGroup.findUnique({ where: { id: issueId }, select: { fingerprint: true } });
  if (!group) throw new AppError("not_found", "That issue does not exist.");
  const source = await db().failureEnvelope.findUnique({ where: { id: sourceEnvelopeId }, select: { payload: true, fingerprint: true } });
  if (!source || source.fingerprint !== group.fingerprint) throw new AppError("invalid_input", "The corrected envelope is not part of this issue.");
  const correction = correctionOf(source.payload, editedPayload);
  if (correction.length === 0) throw new AppError("invalid_input", "The payload was not changed: there is no correction to apply.");
  const ids = await listOpenEnvelopeIdsOfIssue(group.fingerprint);
  const envelopes = await db().failureEnvelope.findMany({ where: { id: { in: ids } }, select: { id: true, payload: true } });
  return { correction, envelopes: envelopes.map((e) => ({ id: e.id, payload: applyCorrection(e.payload, correction) })) };
}

export interface CorrectionPreview {
  correction: DiffEntry[];
  envelopes: { envelopeId: string; valid: boolean; summary: string; changes: number }[];
}

/** What the correction would do to each open envelope of the issue; nothing is sent. */
export async function previewIssueCorrection(issueId: string, sourceEnvelopeId: string, editedPayload: unknown): Promise<CorrectionPreview> {
  const { correction, envelopes } = await correctedPayloads(issueId, sourceEnvelopeId, editedPayload);
  const previews = [];
  for (const envelope of envelopes) {
    const dryRun = await dryRunReplay(envelope.id, envelope.payload);
    previews.push({ envelopeId: envelope.id, valid: dryRun.valid, summary: dryRun.summary, changes: dryRun.changes.length });
  }
  return { correction, envelopes: previews };
}

/** Replays every open envelope of the issue with the correction applied; an invalid one is left open. */
export async function replayIssueWithCorrection(request: { issueId: string; sourceEnvelopeId: string; editedPayload: unknown; actor: string; sender?: ReplaySender }) {
  const { envelopes } = await correctedPayloads(request.issueId, request.sourceEnvelopeId, request.editedPayload);
  let replayed = 0;
  const failed: { envelopeId: string; message: string }[] = [];
  for (const envelope of envelopes) {
    try {
      await replayEnvelope({ envelopeId: envelope.id, actor: request.actor, payload: envelope.payload as Prisma.InputJsonValue, sender: request.sender });
      replayed++;
    } catch (error) {
      failed.push({ envelopeId: envelope.id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { replayed, converged: 0, failed: failed.length, failures: failed };
}
