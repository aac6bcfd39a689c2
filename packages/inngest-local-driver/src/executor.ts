// One call request to the serve endpoint, as an Inngest server makes it, and what its answer means:
// 200 = the run finished, 206 = step operations, anything else = the attempt failed — unless the
// call never reached the function (no answer, or not the SDK's), which is no attempt at all.
import { z } from "zod";
import { parseRetryAfter } from "./backoff";
import type { InProcessServeRequest } from "./link";
import { headerValue, sendInProcess, sendToServe, type ServeAnswer } from "./serve-transport";
import { canonicalJson, isValidResponseSignature, signRequest } from "./signing";
import type { JsonObject, MemoizedStep, StepRecord } from "./store";

/** The SDK's `step` query value meaning "run the function and report what it finds". */
export const DISCOVERY_STEP = "step";

export interface CallInput {
  /** The function's step runtime URL from its registration (serve endpoint + fnId + stepId). */
  functionUrl: string;
  stepId: string;
  runId: string;
  event: JsonObject;
  /** A batch run's events in arrival order (`event` is the first); otherwise just `event`. */
  events?: JsonObject[];
  steps: MemoizedStep[];
  attempt: number;
  maxAttempts: number;
  disableImmediateExecution: boolean;
  /**
   * Lets the SDK checkpoint (v4's default with an Inngest server): it runs steps eagerly in this
   * call and posts each result to the checkpoint API under `dispatchId`, the run's lease owner.
   */
  checkpoint?: { functionId: string; dispatchId: string };
  signingKey: string;
  signal: AbortSignal;
  /** The serve endpoint's handler in this process, if the app put it on the link: no HTTP hop. */
  serveInProcess?: (request: InProcessServeRequest) => Promise<Response>;
}

export const opSchema = z
  .object({
    id: z.string().min(1),
    op: z.string().min(1),
    name: z.string().optional(),
    displayName: z.string().optional(),
    opts: z.record(z.string(), z.unknown()).nullish(),
    data: z.unknown().optional(),
    error: z.unknown().optional(),
  })
  .passthrough();

export type StepOp = z.infer<typeof opSchema>;

/** A 206 answer's body; built once, not on every call (zod schemas are costly to construct). */
const opsSchema = z.array(opSchema);

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  [key: string]: unknown;
}

export type CallOutcome =
  | { kind: "completed"; output: unknown }
  | { kind: "ops"; ops: StepOp[]; noRetry: boolean; retryAfter?: Date }
  | {
      kind: "failed";
      error: SerializedError;
      retriable: boolean;
      retryAfter?: Date;
      /** The serve endpoint did not run the function: no answer, an answer not from the SDK, or the SDK refusing our signature. */
      unreached?: boolean;
    };

/** The header the SDK puts on every answer; a proxy's or a crashed route's answer lacks it. */
const SDK_HEADER = "x-inngest-sdk";

/** The body the SDK parses (`parseFnData`); `ctx.fn_id` and `ctx.qi_id` turn its checkpointing on. */
export function callBody(input: Omit<CallInput, "functionUrl" | "stepId" | "signingKey" | "signal">): JsonObject {
  const stack = input.steps.map((step) => step.id);
  const checkpoint = input.checkpoint ? { fn_id: input.checkpoint.functionId, qi_id: input.checkpoint.dispatchId } : {};
  return {
    event: input.event,
    events: input.events ?? [input.event],
    steps: Object.fromEntries(input.steps.map((step) => [step.id, step.result])),
    ctx: {
      run_id: input.runId,
      attempt: input.attempt,
      max_attempts: input.maxAttempts,
      disable_immediate_execution: input.disableImmediateExecution,
      use_api: false,
      ...checkpoint,
      stack: { stack, current: Math.max(0, stack.length - 1) },
    },
  };
}

export function toSerializedError(value: unknown, fallbackMessage: string): SerializedError {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const message = typeof record.message === "string" ? record.message : typeof record.error === "string" ? record.error : fallbackMessage;
    return { ...record, name: typeof record.name === "string" ? record.name : "Error", message };
  }
  return { name: "Error", message: typeof value === "string" && value ? value : fallbackMessage };
}

/**
 * The memo record of a step that finished (ran, or failed for good), whether a 206 answer or a
 * checkpoint reported it; undefined for any other operation.
 */
export function finishedStepRecord(op: StepOp): StepRecord | undefined {
  const name = op.displayName ?? op.name;
  if (op.op === "StepRun" || op.op === "Step") return { id: op.id, op: op.op, name, result: { data: op.data ?? null } };
  if (op.op === "StepFailed") return { id: op.id, op: op.op, name, result: { error: toSerializedError(op.error, "Step failed") } };
  return undefined;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function callFunction(input: CallInput): Promise<CallOutcome> {
  const url = new URL(input.functionUrl);
  url.searchParams.set("stepId", input.stepId);
  const body = canonicalJson(callBody(input));
  const headers = {
    "content-type": "application/json",
    "x-inngest-signature": signRequest(body, input.signingKey),
    // Uncompressed: the serve endpoint is local, and gzip both ways cost more CPU than the bytes save.
    "accept-encoding": "identity",
  };
  let response: ServeAnswer;
  try {
    response = input.serveInProcess
      ? await sendInProcess(input.serveInProcess, url, headers, body, input.signal)
      : await sendToServe(url, "POST", headers, body, input.signal);
  } catch (error) {
    if (input.signal.aborted) throw error;
    return { kind: "failed", retriable: true, unreached: true, error: { name: "ServeCallError", message: `Calling ${url.origin}${url.pathname} failed: ${(error as Error).message}` } };
  }
  const { text } = response;

  const now = new Date();
  const retryAfter = parseRetryAfter(headerValue(response.headers, "retry-after"), now);
  const noRetry = headerValue(response.headers, "x-inngest-no-retry") === "true";

  if (response.status === 200 || response.status === 206) {
    // A 2xx the SDK did not sign means it did not check ours either: wrong key or not our app.
    if (!isValidResponseSignature(headerValue(response.headers, "x-inngest-signature"), text, input.signingKey, now)) {
      return {
        kind: "failed",
        retriable: true,
        unreached: true,
        error: { name: "SignatureError", message: `The serve endpoint answered ${response.status} without a valid x-inngest-signature` },
      };
    }
    if (response.status === 200) return { kind: "completed", output: parseJson(text) };
    const ops = opsSchema.safeParse(parseJson(text));
    if (!ops.success) {
      return { kind: "failed", retriable: true, error: { name: "ProtocolError", message: `Unexpected 206 body: ${ops.error.message}` } };
    }
    return { kind: "ops", ops: ops.data, noRetry, retryAfter };
  }

  const fromSdk = headerValue(response.headers, SDK_HEADER) !== null;
  if (!fromSdk || response.status === 401) {
    return {
      kind: "failed",
      retriable: true,
      unreached: true,
      retryAfter,
      error: { name: "ServeEndpointError", message: `The serve endpoint answered ${response.status}${fromSdk ? " (signature refused)" : " without the Inngest SDK's headers"}` },
    };
  }
  return {
    kind: "failed",
    retriable: !noRetry && response.status !== 400,
    retryAfter,
    error: toSerializedError(parseJson(text), `The serve endpoint answered ${response.status}`),
  };
}

/** In-band sync: the SDK answers the PUT with its app and function configs, signed. */
export async function syncInBand(serveUrl: string, signingKey: string, signal: AbortSignal): Promise<{ appId: string; functions: unknown } | { outOfBand: true }> {
  const body = canonicalJson({ url: serveUrl });
  const response = await sendToServe(
    new URL(serveUrl),
    "PUT",
    { "content-type": "application/json", "x-inngest-sync-kind": "in_band", "x-inngest-signature": signRequest(body, signingKey) },
    body,
    signal,
  );
  const { text } = response;
  if (response.status !== 200) {
    throw new Error(`Syncing ${serveUrl} failed: ${response.status} ${text.slice(0, 500)}`);
  }
  // The SDK synced out of band (INNGEST_ALLOW_IN_BAND_SYNC=0): it already POSTed /fn/register.
  if (headerValue(response.headers, "x-inngest-sync-kind") !== "in_band") return { outOfBand: true };
  if (!isValidResponseSignature(headerValue(response.headers, "x-inngest-signature"), text, signingKey)) {
    throw new Error(`Syncing ${serveUrl} failed: the answer has no valid x-inngest-signature (different signing key?)`);
  }
  const parsed = z.object({ app_id: z.string().min(1), functions: z.array(z.unknown()) }).passthrough().parse(JSON.parse(text));
  return { appId: parsed.app_id, functions: parsed.functions };
}
