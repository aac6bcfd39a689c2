// The batch lane's memo: settled events' ids grouped by outcome, hand-backs in full, and the memo
// of a run begun before this shape (a list of outcomes) read the same way.
import { describe, expect, it } from "vitest";
import type { BatchEventOutcome } from "@/inngest/stripe-processes/apply-invoice-events-in-batch";
import { batchStepResult, readBatchStepResult } from "@/inngest/stripe-processes/batch-step-result";

const outcomes: BatchEventOutcome[] = [
  { id: "evt_1", type: "invoice.created", settled: "applied" },
  { id: "evt_2", type: "invoice.paid", settled: "stale" },
  { id: "evt_3", type: "invoice.updated", handedBack: "missing-customer" },
  { id: "evt_4", type: "invoice.updated", settled: "applied" },
];

describe("the batch step's result", () => {
  it("groups the settled events' ids by outcome, in order, and keeps each hand-back whole", () => {
    expect(batchStepResult({ outcomes, notInInbox: ["evt_5"] })).toEqual({
      settled: { applied: ["evt_1", "evt_4"], stale: ["evt_2"] },
      handedBack: [{ id: "evt_3", type: "invoice.updated", handedBack: "missing-customer" }],
      notInInbox: ["evt_5"],
    });
  });

  it("reads a memo in the older shape, a list of outcomes, as the same result", () => {
    expect(readBatchStepResult({ outcomes, notInInbox: [] })).toEqual(batchStepResult({ outcomes, notInInbox: [] }));
  });

  it("reads a memo in its own shape as it is", () => {
    const result = batchStepResult({ outcomes, notInInbox: [] });
    expect(readBatchStepResult(JSON.parse(JSON.stringify(result)))).toEqual(result);
  });
});
