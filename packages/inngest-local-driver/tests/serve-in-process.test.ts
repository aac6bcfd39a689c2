// Calls handed to the serve handler in this process (`link.serveInProcess`) instead of over
// loopback HTTP: the same signed call and signed answer, the same outcomes when the handler
// fails (no attempt spent when the function was never reached) or hangs (the call times out).
import type { Inngest } from "inngest";
import { afterEach, describe, expect, it } from "vitest";
import { collectGarbage } from "../../../tests/support/collect-garbage";
import type { InProcessServeRequest } from "../src/link";
import { eventually, startHarness, type Harness } from "./harness";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

let executions = 0;
const defineFunctions = (inngest: Inngest) => [
  inngest.createFunction({ id: "two-steps", triggers: [{ event: "test/two-steps" }] }, async ({ event, step }) => {
    const first = await step.run("first", () => {
      executions++;
      return { n: Number(event.data.n) };
    });
    const second = await step.run("second", () => first.n + 1);
    return { second };
  }),
];

/** Runs of the test function, once every one has ended. */
async function endedRuns(harness: Harness, count: number, timeoutMs = 10_000) {
  let runs = await harness.driver.listRuns({ functionId: "driver-test-two-steps" });
  await eventually(async () => {
    runs = await harness.driver.listRuns({ functionId: "driver-test-two-steps" });
    return runs.length === count && runs.every((run) => run.status === "completed" || run.status === "failed");
  }, timeoutMs);
  return runs;
}

describe("calls handed to the serve handler in-process", () => {
  it("runs functions to completion with no call over HTTP", async () => {
    h = await startHarness(defineFunctions, {}, { serveInProcess: true });
    await h.inngest.send(Array.from({ length: 5 }, (_, n) => ({ name: "test/two-steps", data: { n } })));
    await h.driver.waitForIdle(10_000);
    const runs = await endedRuns(h, 5);
    expect(runs.map((run) => run.status)).toEqual(Array(5).fill("completed"));
    expect(runs.map((run) => (run.output as { second: number }).second).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(h.inProcessCalls()).toBeGreaterThanOrEqual(5);
    expect(h.serveCalls()).toBe(h.inProcessCalls());
    expect(h.driver.serveCalls().consecutiveFailures).toBe(0);
  });

  it("takes no answer the SDK did not sign: the run waits, spending no attempt", async () => {
    h = await startHarness(defineFunctions, {}, { serveInProcess: true });
    const serve = h.link.serveInProcess!;
    // Something other than the SDK answering 200 (a handler swapped in by mistake).
    h.link.serveInProcess = async () => new Response(JSON.stringify({ ok: true }), { status: 200, headers: { "content-type": "application/json", "x-inngest-sdk": "js:v4" } });
    await h.inngest.send({ name: "test/two-steps", data: { n: 10 } });
    await eventually(() => h!.driver.serveCalls().consecutiveFailures >= 2);
    expect(h.driver.serveCalls().lastError).toMatch(/without a valid x-inngest-signature/);
    const [waiting] = await h.driver.listRuns({ functionId: "driver-test-two-steps" });
    expect(waiting).toMatchObject({ status: "running", attempt: 0, output: null });

    h.link.serveInProcess = serve;
    const [run] = await endedRuns(h, 1, 45_000);
    expect(run).toMatchObject({ status: "completed", output: { second: 11 } });
  }, 60_000);

  it("treats a handler that throws as an endpoint not reached, and runs the function once it answers", async () => {
    h = await startHarness(defineFunctions, {}, { serveInProcess: true });
    const serve = h.link.serveInProcess!;
    let throws = 2;
    h.link.serveInProcess = (request: InProcessServeRequest) => {
      if (throws-- > 0) return Promise.reject(new Error("route module failed to load"));
      return serve(request);
    };
    executions = 0;
    await h.inngest.send({ name: "test/two-steps", data: { n: 20 } });
    const [run] = await endedRuns(h, 1, 45_000);
    expect(run).toMatchObject({ status: "completed", attempt: 0, output: { second: 21 } });
    expect(executions).toBe(1);
    expect(h.driver.serveCalls().lastError).toMatch(/route module failed to load/);
  }, 60_000);

  it("gives up waiting on a handler that hangs past the call timeout, even after a garbage collection, and retries the run", async () => {
    h = await startHarness(defineFunctions, { callTimeoutMs: 500 }, { serveInProcess: true });
    const serve = h.link.serveInProcess!;
    let hangs = 1;
    let hung!: () => void;
    const hanging = new Promise<void>((resolve) => (hung = resolve));
    h.link.serveInProcess = (request: InProcessServeRequest) => {
      if (hangs-- <= 0) return serve(request);
      hung();
      return new Promise<Response>(() => undefined);
    };
    await h.inngest.send({ name: "test/two-steps", data: { n: 30 } });
    // A collection while the call hangs: the timeout must survive it (a bare AbortSignal.timeout
    // inside AbortSignal.any did not, and the run waited for ever).
    await hanging;
    collectGarbage();
    const [run] = await endedRuns(h, 1, 20_000);
    expect(run).toMatchObject({ status: "completed", output: { second: 31 } });
    // The hung call, then the retry that ran the function.
    expect(hangs).toBeLessThan(0);
  }, 30_000);
});
