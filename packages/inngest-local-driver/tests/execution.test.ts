// Runs through the real driver and the SDK's serve handler over HTTP: steps, retries, failures.
import { NonRetriableError, RetryAfterError, type FailureEventArgs } from "inngest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ID, startHarness, type Harness } from "./harness";

let h: Harness;
const log = new Map<string, number[]>();

/** Records that `key` happened now; returns how many times it had happened before. */
function record(key: string): number {
  const times = log.get(key) ?? [];
  times.push(Date.now());
  log.set(key, times);
  return times.length - 1;
}
const timesOf = (key: string) => log.get(key) ?? [];

const failures: { functionId: unknown; runId: unknown; message: string; originalEvent: unknown }[] = [];

beforeAll(async () => {
  h = await startHarness((inngest) => [
    inngest.createFunction({ id: "memoized", retries: 3, triggers: [{ event: "test/memoized" }] }, async ({ step, event }) => {
      const key = String(event.data.key);
      const first = await step.run("first", () => {
        record(`${key}:first`);
        return "one";
      });
      const second = await step.run("second", () => {
        if (record(`${key}:second`) < 2) throw new Error("flaky");
        return "two";
      });
      return `${first}+${second}`;
    }),

    inngest.createFunction({ id: "flaky-function", retries: 3, triggers: [{ event: "test/flaky-function" }] }, async ({ event, attempt }) => {
      record(`${String(event.data.key)}:attempt:${attempt}`);
      if (record(String(event.data.key)) < 2) throw new Error("not yet");
      return { attempt };
    }),

    inngest.createFunction(
      {
        id: "always-fails",
        retries: 2,
        triggers: [{ event: "test/always-fails" }],
        onFailure: async ({ event, error }: FailureEventArgs) => {
          failures.push({ functionId: event.data.function_id, runId: event.data.run_id, message: error.message, originalEvent: event.data.event });
          return "handled";
        },
      },
      async ({ event }) => {
        record(String(event.data.key));
        if (event.data.nonRetriable) throw new NonRetriableError("give up now");
        throw new Error("always broken");
      },
    ),

    inngest.createFunction(
      {
        id: "fails-and-so-does-its-handler",
        retries: 0,
        triggers: [{ event: "test/double-failure" }],
        onFailure: async () => {
          record("double-failure:handler");
          throw new NonRetriableError("handler broken too");
        },
      },
      async () => {
        throw new NonRetriableError("first failure");
      },
    ),
    inngest.createFunction({ id: "every-failure", triggers: [{ event: "inngest/function.failed" }] }, async ({ event }) => {
      record(`failed:${String(event.data.function_id)}`);
    }),

    inngest.createFunction({ id: "retry-after", retries: 2, triggers: [{ event: "test/retry-after" }] }, async ({ event }) => {
      if (record(String(event.data.key)) === 0) throw new RetryAfterError("rate limited", "1s");
      return "ok";
    }),

    inngest.createFunction({ id: "sleeper", triggers: [{ event: "test/sleeper" }] }, async ({ step, event }) => {
      await step.run("before", () => record(`${String(event.data.key)}:before`));
      await step.sleep("nap", "1s");
      await step.run("after", () => record(`${String(event.data.key)}:after`));
      return "rested";
    }),

    inngest.createFunction({ id: "parallel", triggers: [{ event: "test/parallel" }] }, async ({ step, event }) => {
      const key = String(event.data.key);
      const [a, b] = await Promise.all([
        step.run("left", () => (record(`${key}:left`), "L")),
        step.run("right", () => (record(`${key}:right`), "R")),
      ]);
      const c = await step.run("join", () => (record(`${key}:join`), `${a}${b}`));
      return c;
    }),

    inngest.createFunction({ id: "caught-step-failure", retries: 1, triggers: [{ event: "test/caught" }] }, async ({ step, event }) => {
      const key = String(event.data.key);
      try {
        await step.run("doomed", () => {
          record(`${key}:doomed`);
          throw new Error("doomed step");
        });
        return "unreachable";
      } catch (error) {
        return await step.run("recover", () => `recovered from ${(error as Error).message}`);
      }
    }),

    inngest.createFunction({ id: "sender", triggers: [{ event: "test/sender" }] }, async ({ step, event }) => {
      await step.sendEvent("fan-out", { name: "test/sent-by-step", data: { key: event.data.key } });
      return "sent";
    }),
    inngest.createFunction({ id: "receiver", triggers: [{ event: "test/sent-by-step" }] }, async ({ event }) => {
      record(`${String(event.data.key)}:received`);
      return "received";
    }),

    inngest.createFunction({ id: "waits-for-event", triggers: [{ event: "test/waits" }] }, async ({ step }) => {
      await step.waitForEvent("approval", { event: "test/approved", timeout: "1h" });
      return "approved";
    }),

    inngest.createFunction({ id: "barrier", concurrency: undefined, triggers: [{ event: "test/barrier" }] }, async ({ event }) => {
      // Finishes only if all `size` runs are in flight at the same time.
      record(String(event.data.group));
      const deadline = Date.now() + 3_000;
      while (timesOf(String(event.data.group)).length < Number(event.data.size)) {
        if (Date.now() > deadline) throw new NonRetriableError("runs were not concurrent");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return "together";
    }),
  ]);
});

afterAll(async () => {
  await h?.close();
});

async function runOnce(name: string, data: Record<string, unknown>) {
  const { ids } = await h.inngest.send({ name, data });
  await h.driver.waitForIdle(10_000);
  return h.driver.listRuns({ eventId: ids[0] });
}

describe("steps", () => {
  it("memoizes finished steps: a retry of a later step does not re-run an earlier one", async () => {
    const runs = await runOnce("test/memoized", { key: "memo" });
    expect(runs).toMatchObject([{ functionId: `${APP_ID}-memoized`, status: "completed", output: "one+two" }]);
    expect(timesOf("memo:first")).toHaveLength(1);
    expect(timesOf("memo:second")).toHaveLength(3);
  });

  it("runs parallel steps once each, then continues", async () => {
    const runs = await runOnce("test/parallel", { key: "par" });
    expect(runs).toMatchObject([{ status: "completed", output: "LR" }]);
    expect([timesOf("par:left"), timesOf("par:right"), timesOf("par:join")].map((t) => t.length)).toEqual([1, 1, 1]);
  });

  it("resumes after step.sleep once the duration has passed", async () => {
    const runs = await runOnce("test/sleeper", { key: "nap" });
    expect(runs).toMatchObject([{ status: "completed", output: "rested" }]);
    expect(timesOf("nap:before")).toHaveLength(1);
    expect(timesOf("nap:after")).toHaveLength(1);
    expect(timesOf("nap:after")[0] - timesOf("nap:before")[0]).toBeGreaterThanOrEqual(950);
  });

  it("hands a step's final error to the function, which may catch it", async () => {
    const runs = await runOnce("test/caught", { key: "caught" });
    expect(runs).toMatchObject([{ status: "completed", output: "recovered from doomed step" }]);
    expect(timesOf("caught:doomed")).toHaveLength(2);
  });

  it("delivers step.sendEvent events to the functions they trigger", async () => {
    await runOnce("test/sender", { key: "relay" });
    expect(timesOf("relay:received")).toHaveLength(1);
  });

  it("fails a run clearly on a step type the driver does not implement", async () => {
    const runs = await runOnce("test/waits", {});
    expect(runs).toMatchObject([{ status: "failed", error: { name: "UnsupportedStepError" } }]);
    expect((runs[0].error as { message: string }).message).toMatch(/WaitForEvent/);
  });

  it("keeps several runs in flight at once", async () => {
    const events = Array.from({ length: 4 }, () => ({ name: "test/barrier", data: { group: "barrier", size: 4 } }));
    const { ids } = await h.inngest.send(events);
    await h.driver.waitForIdle(10_000);
    const runs = (await Promise.all(ids.map((id) => h.driver.listRuns({ eventId: id })))).flat();
    expect(runs.map((run) => run.output)).toEqual(["together", "together", "together", "together"]);
  });
});

describe("retries and failures", () => {
  it("retries a failing function with backoff, then succeeds", async () => {
    const runs = await runOnce("test/flaky-function", { key: "flaky" });
    expect(runs).toMatchObject([{ status: "completed", output: { attempt: 2 } }]);
    const times = timesOf("flaky");
    expect(times).toHaveLength(3);
    // Backoff base 40 ms with equal jitter: at least 20 ms, then 40 ms.
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(15);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(35);
    expect(timesOf("flaky:attempt:0")).toHaveLength(1);
    expect(timesOf("flaky:attempt:2")).toHaveLength(1);
  });

  it("fails after the configured retries and runs onFailure exactly once", async () => {
    const before = failures.length;
    const runs = await runOnce("test/always-fails", { key: "broken" });
    expect(runs).toMatchObject([{ status: "failed", error: { message: "always broken" } }]);
    expect(timesOf("broken")).toHaveLength(3);
    const mine = failures.slice(before);
    expect(mine).toEqual([
      { functionId: `${APP_ID}-always-fails`, runId: runs[0].id, message: "always broken", originalEvent: expect.objectContaining({ name: "test/always-fails" }) },
    ]);
    const handlerRuns = await h.driver.listRuns({ functionId: `${APP_ID}-always-fails-failure` });
    expect(handlerRuns.filter((run) => run.output === "handled")).toHaveLength(failures.length);
  });

  it("does not retry a NonRetriableError", async () => {
    const before = failures.length;
    const runs = await runOnce("test/always-fails", { key: "final", nonRetriable: true });
    expect(runs).toMatchObject([{ status: "failed", error: { name: "NonRetriableError", message: "give up now" } }]);
    expect(timesOf("final")).toHaveLength(1);
    expect(failures.slice(before)).toHaveLength(1);
  });

  it("emits no failure event when a failure handler fails, so failures cannot cascade", async () => {
    const runs = await runOnce("test/double-failure", {});
    expect(runs).toMatchObject([{ status: "failed", error: { message: "first failure" } }]);
    expect(timesOf("double-failure:handler")).toHaveLength(1);
    expect(await h.driver.listRuns({ functionId: `${APP_ID}-fails-and-so-does-its-handler-failure` })).toMatchObject([
      { status: "failed", error: { message: "handler broken too" } },
    ]);
    expect(timesOf(`failed:${APP_ID}-fails-and-so-does-its-handler`)).toHaveLength(1);
    expect(timesOf(`failed:${APP_ID}-fails-and-so-does-its-handler-failure`)).toHaveLength(0);
  });

  it("waits at least the Retry-After of a RetryAfterError", async () => {
    const runs = await runOnce("test/retry-after", { key: "later" });
    expect(runs).toMatchObject([{ status: "completed", output: "ok" }]);
    const [first, second] = timesOf("later");
    expect(second - first).toBeGreaterThanOrEqual(950);
  });
});
