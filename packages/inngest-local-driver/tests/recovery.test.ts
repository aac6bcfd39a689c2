// Durability: runs survive a driver that dies mid-run, and two drivers never run the same run.
import { afterAll, beforeAll, expect, it } from "vitest";
import { APP_ID, eventually, startHarness, type Harness } from "./harness";

let h: Harness;
let releaseGate: () => void = () => undefined;
const gate = new Promise<void>((resolve) => {
  releaseGate = resolve;
});
const entered = new Map<string, number>();
const finished = new Map<string, number>();
const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

beforeAll(async () => {
  h = await startHarness(
    (inngest) => [
      inngest.createFunction({ id: "gated", triggers: [{ event: "test/gated" }] }, async ({ step, event }) => {
        const key = String(event.data.key);
        await step.run("wait-at-gate", async () => {
          bump(entered, key);
          await gate;
        });
        await step.run("finish", () => bump(finished, key));
        return key;
      }),
      inngest.createFunction({ id: "counted", triggers: [{ event: "test/counted" }] }, async ({ step, event }) => {
        await step.run("count", () => bump(finished, `counted:${String(event.data.key)}`));
        return "done";
      }),
    ],
    { leaseMs: 600 },
  );
});

afterAll(async () => {
  await h?.close();
});

it("resumes the runs of a driver killed mid-run, completing each exactly once", async () => {
  const keys = ["r1", "r2", "r3"];
  await h.inngest.send(keys.map((key) => ({ name: "test/gated", data: { key } })));
  await eventually(() => keys.every((key) => (entered.get(key) ?? 0) >= 1));

  // Killed mid-call: leases stay held until they expire, nothing more is written.
  await h.driver.stop({ abandon: true });
  expect((await h.driver.listRuns({ functionId: `${APP_ID}-gated` })).map((run) => run.status)).toEqual(["running", "running", "running"]);

  const successor = await h.startDriver();
  releaseGate();
  await successor.waitForIdle(10_000);

  const runs = await successor.listRuns({ functionId: `${APP_ID}-gated` });
  expect(runs.map((run) => [run.status, run.output]).sort()).toEqual(keys.map((key) => ["completed", key]));
  expect(keys.map((key) => finished.get(key))).toEqual([1, 1, 1]);
});

it("shares work between two drivers on one database without running a run twice", async () => {
  const first = await h.startDriver({ concurrency: 3 });
  const second = await h.startDriver({ concurrency: 3 });
  const keys = Array.from({ length: 24 }, (_, i) => `k${i}`);
  await h.inngest.send(keys.map((key) => ({ name: "test/counted", data: { key } })));
  await first.waitForIdle(15_000);

  const runs = await first.listRuns({ functionId: `${APP_ID}-counted` });
  expect(runs).toHaveLength(24);
  expect(runs.every((run) => run.status === "completed")).toBe(true);
  expect(keys.map((key) => finished.get(`counted:${key}`))).toEqual(keys.map(() => 1));
  await Promise.all([first.stop(), second.stop()]);
});
