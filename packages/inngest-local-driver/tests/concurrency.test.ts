// Function-level `concurrency` limits through the real driver.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";

let h: Harness;
let running = 0;
let peak = 0;

beforeAll(async () => {
  h = await startHarness((inngest) => [
    inngest.createFunction({ id: "one-at-a-time", concurrency: 1, triggers: [{ event: "test/serial" }] }, async ({ step }) =>
      step.run("work", async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 60));
        running--;
        return "done";
      }),
    ),
  ]);
});
afterAll(() => h.close());

describe("concurrency", () => {
  it("never runs more than the function's limit at once", async () => {
    await h.inngest.send(Array.from({ length: 5 }, (_, i) => ({ name: "test/serial", data: { i } })));
    await h.driver.waitForIdle(20_000);
    const runs = await h.driver.listRuns({ functionId: "driver-test-one-at-a-time" });
    expect(runs).toHaveLength(5);
    expect(runs.every((run) => run.status === "completed")).toBe(true);
    expect(peak).toBe(1);
  });

  it("refuses keyed concurrency it cannot honour, naming it", async () => {
    const { compileFunctions } = await import("../src/registration");
    const config = { id: "keyed", triggers: [{ event: "x" }], steps: { step: { id: "step", name: "step", runtime: { type: "http", url: "http://x" } } }, concurrency: [{ limit: 1, key: "event.data.tenant" }] };
    expect(() => compileFunctions([config])).toThrow(/concurrency keys/);
  });
});
