// Which functions an event starts, through the index the fan-out looks names up in once per name.
import { describe, expect, it } from "vitest";
import { matchRuns, TriggerIndex } from "../src/match-runs";
import { compileFunctions } from "../src/registration";
import { SCHEDULED_TIMER_EVENT } from "../src/scheduler";

const step = { step: { id: "step", name: "step", runtime: { type: "http", url: "http://127.0.0.1/api/inngest" } } };
const functions = compileFunctions([
  { id: "exact", triggers: [{ event: "stripe/invoice.paid" }], steps: step },
  { id: "wildcard", triggers: [{ event: "stripe/*" }], steps: step },
  { id: "big-only", triggers: [{ event: "stripe/invoice.paid", expression: "event.data.amount > 1000" }], steps: step },
  { id: "batched", triggers: [{ event: "stripe/invoice.paid" }], batchEvents: { maxSize: 50, timeout: "2s" }, steps: step },
  { id: "cron", triggers: [{ cron: "0 * * * *" }], steps: step },
]);
const event = (name: string, data: Record<string, unknown>) => ({ id: `evt-${Math.random()}`, name, payload: { name, data } });
const started = (runs: { functionId: string }[]) => runs.map((run) => run.functionId).sort();

describe("TriggerIndex with matchRuns", () => {
  it("evaluates each event's `if` on its own data, though the name's functions are looked up once", () => {
    const index = new TriggerIndex(functions);
    expect(started(matchRuns(event("stripe/invoice.paid", { amount: 5000 }), index))).toEqual(["batched", "big-only", "exact", "wildcard"]);
    expect(started(matchRuns(event("stripe/invoice.paid", { amount: 10 }), index))).toEqual(["batched", "exact", "wildcard"]);
    expect(started(matchRuns(event("stripe/customer.created", {}), index))).toEqual(["wildcard"]);
    expect(matchRuns(event("other/thing", {}), index)).toEqual([]);
  });

  it("gives a batched function's run its batch and size, and a scheduled tick only its own cron function", () => {
    const index = new TriggerIndex(functions);
    const batched = matchRuns(event("stripe/invoice.paid", { amount: 1 }), index).find((run) => run.functionId === "batched");
    expect(batched).toMatchObject({ batchKey: "", batchMaxSize: 50 });
    expect(started(matchRuns(event(SCHEDULED_TIMER_EVENT, { fn: "cron" }), index))).toEqual(["cron"]);
  });
});
