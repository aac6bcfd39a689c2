"use server";
// Server actions of the dead-letter explorer. Each passes authorizedAction (session, permission,
// zod) and calls one operation in lib/dead-letters; the operation writes the audit event.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizedAction } from "@/lib/auth/authorized-action";
import type { SessionUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors/app-error";
import { retryPolicySchema, jobTypeSchema, saveRetryPolicy } from "@/lib/jobs/retry-policy-store";
import { startBulkReplay } from "./bulk-replay";
import { closeEnvelope } from "./close-envelope";
import { previewIssueCorrection, replayIssueWithCorrection } from "./correct-issue-payload";
import { dryRunReplay } from "./dry-run-replay";
import { setFailureGroupState } from "./failure-groups";
import { parseDlqFilter } from "./filters";
import { mapIssueCustomer } from "./map-issue-customer";
import { replayEnvelope } from "./replay-envelopes";
import { replayIssue } from "./replay-issue";

const actorOf = (user: SessionUser) => user.email || `user:${user.id}`;
const envelopeId = z.uuid("must be a failure id");
const reason = z.string().trim().min(3, "Say why (at least 3 characters).").max(1000);

function parsePayload(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new AppError("invalid_input", `The payload is not valid JSON: ${error instanceof Error ? error.message : "unreadable"}`);
  }
}

function refresh(id?: string) {
  revalidatePath("/support/dead-letters");
  revalidatePath("/support/issues", "layout");
  if (id) revalidatePath(`/support/dead-letters/${id}`);
}

const replayGate = authorizedAction("dlq:replay", z.object({ envelopeId }), async ({ envelopeId }, user) => {
  const result = await replayEnvelope({ envelopeId, actor: actorOf(user) });
  refresh(envelopeId);
  return result;
});

const editedReplayGate = authorizedAction("dlq:edit-payload", z.object({ envelopeId, payloadJson: z.string().min(2).max(1_000_000) }), async (input, user) => {
  const result = await replayEnvelope({ envelopeId: input.envelopeId, actor: actorOf(user), payload: parsePayload(input.payloadJson) });
  refresh(input.envelopeId);
  return result;
});

const dryRunGate = authorizedAction("dlq:replay", z.object({ envelopeId, payloadJson: z.string().max(1_000_000).optional() }), async (input) =>
  dryRunReplay(input.envelopeId, input.payloadJson === undefined ? undefined : parsePayload(input.payloadJson)),
);

const discardGate = authorizedAction("dlq:discard", z.object({ envelopeId, reason }), async (input, user) => {
  const result = await closeEnvelope({ ...input, action: "discard", actor: actorOf(user) });
  refresh(input.envelopeId);
  return result;
});

const resolveGate = authorizedAction("dlq:replay", z.object({ envelopeId, reason }), async (input, user) => {
  const result = await closeEnvelope({ ...input, action: "resolve", actor: actorOf(user) });
  refresh(input.envelopeId);
  return result;
});

const groupStateGate = authorizedAction(
  "dlq:replay",
  z.object({ groupId: z.uuid(), state: z.enum(["open", "acknowledged", "resolved"]), note: z.string().trim().max(1000).optional() }),
  async (input, user) => {
    await setFailureGroupState(input.groupId, input.state, actorOf(user), input.note || null);
    refresh();
    return { state: input.state };
  },
);

const bulkReplayGate = authorizedAction(
  "dlq:replay",
  z.object({ query: z.string().max(4000), ratePerSecond: z.number().int().min(1).max(100).optional() }),
  async (input, user) => {
    const parsed = parseDlqFilter(new URLSearchParams(input.query));
    if (!parsed.ok) throw new AppError("invalid_input", `The filter is not valid: ${Object.entries(parsed.errors).map(([k, v]) => `${k} ${v}`).join("; ")}`);
    const result = await startBulkReplay({ filter: parsed.filter, actor: actorOf(user), ratePerSecond: input.ratePerSecond });
    refresh();
    return result;
  },
);

const retryPolicyGate = authorizedAction(
  "settings:edit",
  z.object({ jobType: jobTypeSchema, policy: retryPolicySchema.nullable() }),
  async (input, user) => {
    await saveRetryPolicy(input.jobType, input.policy, actorOf(user));
    revalidatePath("/support/settings");
    return { jobType: input.jobType };
  },
);

const issueId = z.uuid("must be an issue id");

// Support may fix an unmapped customer and replay; correcting payloads stays with admins.
const mapCustomerGate = authorizedAction("dlq:replay", z.object({ issueId, tenantId: z.uuid("choose a tenant") }), async (input, user) => {
  const result = await mapIssueCustomer({ ...input, actor: actorOf(user) });
  refresh();
  return result;
});

const replayIssueGate = authorizedAction("dlq:replay", z.object({ issueId }), async (input, user) => {
  const result = await replayIssue({ ...input, actor: actorOf(user) });
  refresh();
  return result;
});

const correctionInput = z.object({ issueId, envelopeId, payloadJson: z.string().min(2).max(1_000_000) });

const previewCorrectionGate = authorizedAction("dlq:edit-payload", correctionInput, async (input) =>
  previewIssueCorrection(input.issueId, input.envelopeId, parsePayload(input.payloadJson)),
);

const correctIssueGate = authorizedAction("dlq:edit-payload", correctionInput, async (input, user) => {
  const result = await replayIssueWithCorrection({ issueId: input.issueId, sourceEnvelopeId: input.envelopeId, editedPayload: parsePayload(input.payloadJson), actor: actorOf(user) });
  refresh();
  return result;
});

export async function mapIssueCustomerAction(input: Parameters<typeof mapCustomerGate>[0]) {
  return mapCustomerGate(input);
}

export async function replayIssueAction(input: Parameters<typeof replayIssueGate>[0]) {
  return replayIssueGate(input);
}

export async function previewIssueCorrectionAction(input: Parameters<typeof previewCorrectionGate>[0]) {
  return previewCorrectionGate(input);
}

export async function correctIssueAction(input: Parameters<typeof correctIssueGate>[0]) {
  return correctIssueGate(input);
}

export async function replayEnvelopeAction(input: Parameters<typeof replayGate>[0]) {
  return replayGate(input);
}

export async function replayEditedEnvelopeAction(input: Parameters<typeof editedReplayGate>[0]) {
  return editedReplayGate(input);
}

export async function dryRunReplayAction(input: Parameters<typeof dryRunGate>[0]) {
  return dryRunGate(input);
}

export async function discardEnvelopeAction(input: Parameters<typeof discardGate>[0]) {
  return discardGate(input);
}

export async function resolveEnvelopeAction(input: Parameters<typeof resolveGate>[0]) {
  return resolveGate(input);
}

export async function setFailureGroupStateAction(input: Parameters<typeof groupStateGate>[0]) {
  return groupStateGate(input);
}

export async function startBulkReplayAction(input: Parameters<typeof bulkReplayGate>[0]) {
  return bulkReplayGate(input);
}

export async function saveRetryPolicyAction(input: Parameters<typeof retryPolicyGate>[0]) {
  return retryPolicyGate(input);
}
