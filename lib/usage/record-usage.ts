// Records billable increments in the database, one request's worth at a time (a single increment
// or a batch): resolve each one's customer and draft line (cached), write them all in the shared
// group-commit statement, then tell apart what was new, what was a retry and what was refused.
// Never calls Stripe and never refuses usage for when it arrives: without a draft it is held.
import { db } from "@/lib/db/client";
import { AppError, type ErrorCode } from "@/lib/errors/app-error";
import { findIncrementsByKey } from "./find-increments-by-key";
import { forgetCustomerDraft, resolveTargets } from "./resolve-targets";
import type { UsageIncrementInput } from "./schemas";
import { submitIncrements, type IncrementToWrite } from "./write-increments";

export interface UsageActor {
  tenantId: string;
  source: "api" | "server";
  actor: string;
}

export type UsageItemOutcome =
  | {
      status: "recorded" | "duplicate";
      incrementId: string;
      /** Null while the increment is held for the customer's next draft invoice. */
      usageLineId: string | null;
      invoiceId: string | null;
      pending: boolean;
    }
  | { status: "rejected"; error: { code: ErrorCode; message: string; fields?: Record<string, string> } };

export interface RecordUsageResult {
  incrementId: string;
  usageLineId: string | null;
  invoiceId: string | null;
  /** True when this idempotency key was already recorded: nothing new was written. */
  duplicate: boolean;
  /** True while held for the customer's next draft invoice (it had none when the increment arrived). */
  pending: boolean;
}

function rejected(error: AppError): UsageItemOutcome {
  return { status: "rejected", error: { code: error.code, message: error.message } };
}

/** Records each input; one outcome per input, in order. One bad input never affects the others. */
export async function ingestUsage(inputs: UsageIncrementInput[], by: UsageActor): Promise<UsageItemOutcome[]> {
  const resolutions = await resolveTargets(by.tenantId, inputs);
  const accepted = inputs.flatMap((input, index) => {
    const resolution = resolutions[index]!;
    return resolution.ok ? [{ index, input, target: resolution.target }] : [];
  });
  const toWrite = (list: typeof accepted): IncrementToWrite[] =>
    list.map(({ input, target }) => ({
      tenantId: by.tenantId,
      customerId: target.customerId,
      usageLineId: target.line?.id ?? null,
      lineKey: input.line,
      description: input.description,
      unitAmount: input.unitAmount,
      quantity: input.quantity,
      idempotencyKey: input.idempotencyKey,
      source: by.source,
      actor: by.actor,
      reason: null,
    }));
  const written = accepted.length > 0 ? await submitIncrements({ items: toWrite(accepted) }) : [];

  const outcomes: UsageItemOutcome[] = resolutions.map((r) => (r.ok ? rejected(new AppError("internal", "not written")) : rejected(r.error)));
  const unwritten: typeof accepted = [];
  accepted.forEach((item, position) => {
    const outcome = written[position];
    if (!outcome) return unwritten.push(item);
    // Meant for a draft that closed before the write: held instead, and the cached draft is stale.
    if (outcome.pending && item.target.line) forgetCustomerDraft(item.target.customerId);
    outcomes[item.index] = {
      status: "recorded",
      incrementId: outcome.id,
      usageLineId: outcome.pending ? null : (item.target.line?.id ?? null),
      invoiceId: outcome.pending ? null : (item.target.line?.invoiceId ?? null),
      pending: outcome.pending,
    };
  });
  if (unwritten.length === 0) return outcomes;

  // Keys already recorded: the same increment again is a duplicate; another one under a used key is refused.
  const recorded = await findIncrementsByKey(db(), by.tenantId, [...new Set(unwritten.map((u) => u.input.idempotencyKey))]);
  for (const { index, input, target } of unwritten) {
    const existing = recorded.get(input.idempotencyKey);
    if (!existing) {
      outcomes[index] = rejected(new AppError("unavailable", "The increment could not be recorded; send it again with the same idempotency key."));
    } else if (existing.quantity !== input.quantity || existing.lineKey !== input.line || existing.customerId !== target.customerId) {
      outcomes[index] = rejected(new AppError("conflict", "This idempotency key was already used for a different increment."));
    } else {
      const pending = existing.invoiceId === null;
      outcomes[index] = { status: "duplicate", incrementId: existing.id.toString(), usageLineId: existing.usageLineId, invoiceId: existing.invoiceId, pending };
    }
  }
  return outcomes;
}

/** The single form: one increment, its refusal thrown as the AppError the route maps to a status. */
export async function recordUsage(input: UsageIncrementInput, by: UsageActor): Promise<RecordUsageResult> {
  const [outcome] = await ingestUsage([input], by);
  if (!outcome) throw new Error("ingestUsage returned no outcome");
  if (outcome.status === "rejected") throw new AppError(outcome.error.code, outcome.error.message);
  return { incrementId: outcome.incrementId, usageLineId: outcome.usageLineId, invoiceId: outcome.invoiceId, duplicate: outcome.status === "duplicate", pending: outcome.pending };
}
