// batchEvents: matching events wait in an open batch that becomes one run when it is full or its
// timeout expires, per key value; the run receives every event in arrival order.
import type { FailureEventArgs } from "inngest";
import { serve } from "inngest/next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRouteHost } from "../../../tests/support/route-host";
import { startLocalDriver } from "../src/driver";
import { APP_ID, createTestClient, eventually, FAST_DRIVER, startHarness, type Harness } from "./harness";

let h: Harness;
/** Event keys each call of a function saw, per function, in call order. */
const seen = new Map<string, string[][]>();
const stepRuns = new Map<string, number>();
const failures: { event: unknown; events: unknown }[] = [];
let releaseGate: () => void = () => undefined;
const gate = new Promise<void>((resolve) => {
  releaseGate = resolve;
});

const keysOf = (events: { data: Record<string, unknown> }[]) => events.map((event) => String(event.data.key));
function see(fn: string, keys: string[]): void {
  seen.set(fn, [...(seen.get(fn) ?? []), keys]);
}
const bump = (key: string) => stepRuns.set(key, (stepRuns.get(key) ?? 0) + 1);

beforeAll(async () => {
  h = await startHarness(
    (inngest) => [
      inngest.createFunction(
        { id: "full", batchEvents: { maxSize: 3, timeout: "60s" }, triggers: [{ event: "test/full" }] },
        async ({ events, event, step }) => {
          const keys = await step.run("record", () => {
            see("full", keysOf(events));
            return keysOf(events);
          });
          return { keys, first: event.data.key };
        },
      ),
      inngest.createFunction({ id: "partial", batchEvents: { maxSize: 10, timeout: "1s" }, triggers: [{ event: "test/partial" }] }, async ({ events }) =>
        keysOf(events),
      ),
      inngest.createFunction(
        { id: "keyed", batchEvents: { maxSize: 2, timeout: "60s", key: "event.data.account" }, triggers: [{ event: "test/keyed" }] },
        async ({ events }) => keysOf(events),
      ),
      inngest.createFunction(
        { id: "flaky", retries: 2, batchEvents: { maxSize: 2, timeout: "60s" }, triggers: [{ event: "test/flaky" }] },
        async ({ events, step }) => {
          await step.run("write", () => {
            see("flaky", keysOf(events));
            if ((seen.get("flaky")?.length ?? 0) < 2) throw new Error("not yet");
          });
          return keysOf(events);
        },
      ),
      inngest.createFunction(
        {
          id: "doomed",
          retries: 1,
          batchEvents: { maxSize: 2, timeout: "60s" },
          triggers: [{ event: "test/doomed" }],
          onFailure: async ({ event }: FailureEventArgs) => {
            const data = event.data as { event: unknown; events?: unknown };
            failures.push({ event: data.event, events: data.events });
          },
        },
        async ({ events }) => {
          see("doomed", keysOf(events));
          throw new Error("always broken");
        },
      ),
      inngest.createFunction({ id: "counted", batchEvents: { maxSize: 4, timeout: "1s" }, triggers: [{ event: "test/counted" }] }, async ({ events, step }) => {
        await step.run("count", () => keysOf(events).forEach((key) => bump(`counted:${key}`)));
        return keysOf(events);
      }),
      inngest.createFunction({ id: "gated", batchEvents: { maxSize: 2, timeout: "60s" }, triggers: [{ event: "test/gated" }] }, async ({ events, step }) => {
        await step.run("wait-at-gate", async () => {
          see("gated", keysOf(events));
          await gate;
        });
        await step.run("finish", () => bump("gated:finished"));
        return keysOf(events);
      }),
    ],
    { leaseMs: 600 },
  );
});

afterAll(async () => {
  await h?.close();
});

const send = (name: string, keys: string[], data: Record<string, unknown> = {}) =>
  h.inngest.send(keys.map((key) => ({ name, data: { key, ...data } })));

const runsOf = (fn: string) => h.driver.listRuns({ functionId: `${APP_ID}-${fn}` });

describe("batches", () => {
  it("starts one run for a full batch, with every event in order, served in one call", async () => {
    const callsBefore = h.serveCalls();
    const { ids } = await send("test/full", ["a", "b", "c"]);
    // The timeout is a minute: only a batch that starts as soon as it is full lets the driver idle here.
    await h.driver.waitForIdle(10_000);

    const runs = await runsOf("full");
    expect(runs.map((run) => [run.status, run.output, run.eventId])).toEqual([["completed", { keys: ["a", "b", "c"], first: "a" }, ids[0]]]);
    expect(seen.get("full")).toEqual([["a", "b", "c"]]);
    expect(h.serveCalls() - callsBefore).toBe(1);
    // Any event of the batch finds its run.
    expect((await h.driver.listRuns({ eventId: ids[2] })).map((run) => run.id)).toEqual([runs[0].id]);
  });

  it("gathers events from several sends into one batch", async () => {
    await send("test/full", ["d"]);
    await send("test/full", ["e"]);
    await send("test/full", ["f"]);
    await h.driver.waitForIdle(10_000);
    expect(seen.get("full")).toEqual([
      ["a", "b", "c"],
      ["d", "e", "f"],
    ]);
  });

  it("starts a partial batch once its timeout has passed, and waitForIdle waits for it", async () => {
    const { ids } = await send("test/partial", ["p1", "p2"]);
    await h.driver.waitForIdle(10_000);

    const runs = await runsOf("partial");
    expect(runs.map((run) => [run.status, run.output])).toEqual([["completed", ["p1", "p2"]]]);
    const [opened] = await h.database.connection.query<{ received_at: Date }>(`SELECT "received_at" FROM "inngest_events" WHERE "id" = $1`, [ids[0]]);
    expect(runs[0].createdAt.getTime() - new Date(opened.received_at).getTime()).toBeGreaterThanOrEqual(1_000);
  });

  it("batches events separately per key value", async () => {
    await h.inngest.send([
      { name: "test/keyed", data: { key: "a1", account: "A" } },
      { name: "test/keyed", data: { key: "b1", account: "B" } },
      { name: "test/keyed", data: { key: "a2", account: "A" } },
      { name: "test/keyed", data: { key: "b2", account: "B" } },
    ]);
    await h.driver.waitForIdle(10_000);
    const outputs = (await runsOf("keyed")).map((run) => run.output as string[]);
    expect(outputs.sort()).toEqual([
      ["a1", "a2"],
      ["b1", "b2"],
    ]);
  });
});

describe("retries and failures", () => {
  it("retries a batch run with the same events", async () => {
    await send("test/flaky", ["r1", "r2"]);
    await h.driver.waitForIdle(10_000);
    expect((await runsOf("flaky")).map((run) => [run.status, run.output])).toEqual([["completed", ["r1", "r2"]]]);
    expect(seen.get("flaky")).toEqual([
      ["r1", "r2"],
      ["r1", "r2"],
    ]);
  });

  it("reports a batch run that exhausts its retries with its first event, and the batch beside it", async () => {
    await send("test/doomed", ["x1", "x2"]);
    await h.driver.waitForIdle(10_000);
    expect((await runsOf("doomed")).map((run) => run.status)).toEqual(["failed"]);
    expect(seen.get("doomed")).toEqual([
      ["x1", "x2"],
      ["x1", "x2"],
    ]);
    expect(failures).toHaveLength(1);
    expect((failures[0].event as { data: { key: string } }).data.key).toBe("x1");
    expect(keysOf(failures[0].events as { data: Record<string, unknown> }[])).toEqual(["x1", "x2"]);
  });
});

describe("several drivers", () => {
  it("puts every event in exactly one run when two drivers flush the same batches", async () => {
    const first = await h.startDriver({ concurrency: 3 });
    const second = await h.startDriver({ concurrency: 3 });
    const keys = Array.from({ length: 30 }, (_, i) => `k${i}`);
    for (let i = 0; i < keys.length; i += 5) await send("test/counted", keys.slice(i, i + 5));
    await first.waitForIdle(15_000);

    const runs = await first.listRuns({ functionId: `${APP_ID}-counted` });
    expect(runs.every((run) => run.status === "completed" && (run.output as string[]).length <= 4)).toBe(true);
    expect(runs.flatMap((run) => run.output as string[]).sort()).toEqual([...keys].sort());
    expect(keys.map((key) => stepRuns.get(`counted:${key}`))).toEqual(keys.map(() => 1));
    await Promise.all([first.stop(), second.stop()]);
  });

  // Last: it stops the harness's driver.
  it("hands a batch run abandoned mid-call to another driver, with the same events", async () => {
    await send("test/gated", ["g1", "g2"]);
    await eventually(() => (seen.get("gated")?.length ?? 0) >= 1);
    await h.driver.stop({ abandon: true });

    const successor = await h.startDriver();
    releaseGate();
    await successor.waitForIdle(10_000);
    const runs = await successor.listRuns({ functionId: `${APP_ID}-gated` });
    expect(runs.map((run) => [run.status, run.output])).toEqual([["completed", ["g1", "g2"]]]);
    expect(new Set(seen.get("gated")!.map((keys) => keys.join()))).toEqual(new Set(["g1,g2"]));
    expect(stepRuns.get("gated:finished")).toBe(1);
  });
});

describe("registration", () => {
  it("refuses a batch `if`, batchEvents with idempotency and a timeout Inngest would refuse, naming why", async () => {
    const inngest = createTestClient(h.link);
    const host = await startRouteHost({
      "/api/inngest": serve({
        client: inngest,
        functions: [
          inngest.createFunction(
            { id: "batch-if", batchEvents: { maxSize: 5, timeout: "5s", if: "event.data.free == true" }, triggers: [{ event: "test/x" }] },
            async () => null,
          ),
          inngest.createFunction(
            { id: "batch-idempotent", idempotency: "event.data.id", batchEvents: { maxSize: 5, timeout: "5s" }, triggers: [{ event: "test/y" }] },
            async () => null,
          ),
          inngest.createFunction({ id: "batch-hasty", batchEvents: { maxSize: 5, timeout: "90s" }, triggers: [{ event: "test/z" }] }, async () => null),
        ],
      }),
    });
    const driver = await startLocalDriver({ serveUrl: host.url("/api/inngest"), sql: h.database.connection, link: h.link, ...FAST_DRIVER });
    try {
      await expect(driver.sync()).rejects.toThrow(
        /function "driver-test-batch-if": batchEvents\.if is not supported[\s\S]*function "driver-test-batch-idempotent": batchEvents cannot be combined with idempotency[\s\S]*function "driver-test-batch-hasty": batchEvents\.timeout "90s" is not a duration from "1s" to "60s"/,
      );
    } finally {
      await driver.stop();
      await host.close();
    }
  });
});
