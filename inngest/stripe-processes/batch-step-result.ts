// What the batch lane's `apply-batch` step returns, and so what Inngest (or the local driver)
// memoizes for the run: the settled events' ids grouped by outcome, and the hand-backs in full.
// A run's answer, its signature and the memo's write all grow with this value, so a hundred
// settled events take ~3 KB instead of ~8 KB as a list of outcomes. Each event's type comes from
// the run's own events; the memo of a run begun before this shape (a list of outcomes) still reads.
import type { BatchEventOutcome } from "./apply-invoice-events-in-batch";

export type HandedBackOutcome = Extract<BatchEventOutcome, { handedBack: string }>;

export interface BatchStepResult {
  /** Settled events' Stripe ids, by the outcome that settled them. */
  settled: Record<string, string[]>;
  handedBack: HandedBackOutcome[];
  /** Named by the run's events, but never accepted (no inbox row): nothing was applied for them. */
  notInInbox: string[];
}

/** The step's memo in the shape written before 2026-12-02: one outcome per stored event. */
interface OutcomeListResult {
  outcomes: BatchEventOutcome[];
  notInInbox: string[];
}

/** The step's result for the outcomes of applyStoredInvoiceEventsInBatch. */
export function batchStepResult({ outcomes, notInInbox }: OutcomeListResult): BatchStepResult {
  const settled: Record<string, string[]> = {};
  const handedBack: HandedBackOutcome[] = [];
  for (const outcome of outcomes) {
    if ("handedBack" in outcome) handedBack.push(outcome);
    else (settled[outcome.settled] ??= []).push(outcome.id);
  }
  return { settled, handedBack, notInInbox };
}

/** The memo as this code reads it, whichever shape the step returned when it ran. */
export function readBatchStepResult(memo: BatchStepResult | OutcomeListResult): BatchStepResult {
  return "outcomes" in memo ? batchStepResult(memo) : memo;
}
