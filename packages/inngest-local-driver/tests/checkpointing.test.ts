// Checkpointing, as the SDK does it in production: a call runs the function's steps eagerly and
// posts each step's result to the driver's checkpoint API, so a run usually costs one call; the
// memo, retries and leases behave as with one call per step.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { watchCheckpointPosts } from "../../../tests/support/checkpoint-posts";
import { hashedSigningKey } from "../src/signing";
import { APP_ID, eventually, startHarness, type Harness } from "./harness";

let h: Harness;
const ran = new Map<string, number>();
/** Counts a step's executions; returns how many there were before. */
const bump = (key: string) => {
  const before = ran.get(key) ?? 0;
  ran.set(key, before + 1);
  return before;
};
let releaseGate: () => void = () => undefined;
const gate = new Promise<void>((resolve) => {
  releaseGate = resolve;
});

beforeAll(async () => {
  h = await startHarness(
    (inngest) => [
      inngest.createFunction({ id: "three-steps", triggers: [{ event: "test/three-steps" }] }, async ({ step, event }) => {
        const key = String(event.data.key);
        const a = await step.run("a", () => (bump(`${key}:a`), "A"));
        const b = await step.run("b", () => (bump(`${key}:b`), { value: "B" }));
        const c = await step.run("c", () => (bump(`${key}:c`), undefined));
        return { joined: `${a}${b.value}`, c: c ?? null };
      }),
      inngest.createFunction({ id: "fails-once-mid-run", retries: 3, triggers: [{ event: "test/fails-once" }] }, async ({ step, event }) => {
        const key = String(event.data.key);
        const first = await step.run("first", () => (bump(`${key}:first`), 1));
        const second = await step.run("second", () => {
          if (bump(`${key}:second`) === 0) throw new Error("flaky");
          return 2;
        });
        const third = await step.run("third", () => (bump(`${key}:third`), 3));
        return first + second + third;
      }),
      // Steps buffered past the function's end come back in the call's answer, with RunComplete.
      inngest.createFunction({ id: "buffered-steps", checkpointing: { bufferedSteps: 10 }, triggers: [{ event: "test/buffered" }] }, async ({ step, event }) => {
        const key = String(event.data.key);
        const a = await step.run("a", () => (bump(`${key}:a`), "A"));
        const b = await step.run("b", () => (bump(`${key}:b`), "B"));
        return `${a}${b}`;
      }),
      // Two steps posted as one checkpoint, the third in the answer: positions continue after the posted ones.
      inngest.createFunction({ id: "buffered-in-pairs", checkpointing: { bufferedSteps: 2 }, triggers: [{ event: "test/pairs" }] }, async ({ step, event }) => {
        const key = String(event.data.key);
        const a = await step.run("a", () => (bump(`${key}:a`), 1));
        const b = await step.run("b", () => (bump(`${key}:b`), 2));
        const c = await step.run("c", () => (bump(`${key}:c`), 3));
        return a + b + c;
      }),
      inngest.createFunction({ id: "gated", triggers: [{ event: "test/gated" }] }, async ({ step, event }) => {
        const key = String(event.data.key);
        await step.run("before-gate", () => bump(`${key}:before`));
        await step.run("at-gate", async () => {
          bump(`${key}:gate`);
          await gate;
        });
        return key;
      }),
    ],
    { leaseMs: 600 },
  );
});

afterAll(async () => {
  releaseGate();
  await h?.close();
});

async function stepsOf(runId: string): Promise<{ step_id: string; position: number; result: unknown }[]> {
  return h.database.connection.query(`SELECT "step_id", "position", "result" FROM "inngest_run_steps" WHERE "run_id" = $1 ORDER BY "position"`, [runId]);
}

describe("checkpointing", () => {
  it("runs a function's steps in one call to the serve endpoint and stores each step's result in order", async () => {
    const callsBefore = h.serveCalls();
    await h.inngest.send({ name: "test/three-steps", data: { key: "one-call" } });
    await h.driver.waitForIdle(10_000);

    const [run] = await h.driver.listRuns({ functionId: `${APP_ID}-three-steps` });
    expect(run).toMatchObject({ status: "completed", output: { joined: "AB", c: null } });
    expect(h.serveCalls() - callsBefore).toBe(1);
    expect(["a", "b", "c"].map((name) => ran.get(`one-call:${name}`))).toEqual([1, 1, 1]);
    const steps = await stepsOf(run!.id);
    expect(steps.map((step) => step.position)).toEqual([1, 2, 3]);
    expect(steps.map((step) => step.result)).toEqual([{ data: "A" }, { data: { value: "B" } }, { data: null }]);
  });

  it("stores the steps that come back with RunComplete, with no checkpoint posted, as the run's memo in order", async () => {
    const posts = watchCheckpointPosts(h.link);
    const callsBefore = h.serveCalls();
    await h.inngest.send({ name: "test/buffered", data: { key: "buffered" } });
    await h.driver.waitForIdle(10_000);

    const [run] = await h.driver.listRuns({ functionId: `${APP_ID}-buffered-steps` });
    expect(run).toMatchObject({ status: "completed", output: "AB" });
    expect(h.serveCalls() - callsBefore).toBe(1);
    expect(posts.stop()).toHaveLength(0);
    const steps = await stepsOf(run!.id);
    expect(steps.map((step) => [step.step_id.length > 0, step.position, step.result])).toEqual([
      [true, 1, { data: "A" }],
      [true, 2, { data: "B" }],
    ]);
  });

  it("numbers the steps of the answer after the ones a checkpoint already stored", async () => {
    const posts = watchCheckpointPosts(h.link);
    await h.inngest.send({ name: "test/pairs", data: { key: "pairs" } });
    await h.driver.waitForIdle(10_000);

    const [run] = await h.driver.listRuns({ functionId: `${APP_ID}-buffered-in-pairs` });
    expect(run).toMatchObject({ status: "completed", output: 6 });
    expect(posts.stop()).toHaveLength(1);
    const steps = await stepsOf(run!.id);
    expect(steps.map((step) => [step.position, step.result])).toEqual([
      [1, { data: 1 }],
      [2, { data: 2 }],
      [3, { data: 3 }],
    ]);
    expect(["a", "b", "c"].map((name) => ran.get(`pairs:${name}`))).toEqual([1, 1, 1]);
  });

  it("retries a step that fails after earlier checkpoints from that step, never re-running the ones before", async () => {
    await h.inngest.send({ name: "test/fails-once", data: { key: "mid" } });
    await h.driver.waitForIdle(10_000);

    const [run] = await h.driver.listRuns({ functionId: `${APP_ID}-fails-once-mid-run` });
    expect(run).toMatchObject({ status: "completed", output: 6 });
    expect(["first", "second", "third"].map((name) => ran.get(`mid:${name}`))).toEqual([1, 2, 1]);
  });

  it("resumes a run whose driver died mid-call after its last checkpointed step", async () => {
    await h.inngest.send({ name: "test/gated", data: { key: "killed" } });
    await eventually(() => (ran.get("killed:gate") ?? 0) >= 1);
    const [running] = await h.driver.listRuns({ functionId: `${APP_ID}-gated` });
    expect((await stepsOf(running!.id)).length).toBe(1);

    await h.driver.stop({ abandon: true });
    const successor = await h.startDriver();
    releaseGate();
    await successor.waitForIdle(10_000);

    const [run] = await successor.listRuns({ functionId: `${APP_ID}-gated` });
    expect(run).toMatchObject({ status: "completed", output: "killed" });
    expect(ran.get("killed:before")).toBe(1);
  });

  it("refuses a checkpoint without the signing key (401) and one from a dispatch that no longer holds the run (409)", async () => {
    const [run] = await h.driver.listRuns({ functionId: `${APP_ID}-three-steps` });
    const body = JSON.stringify({ run_id: run!.id, fn_id: `${APP_ID}-three-steps`, qi_id: "someone-else", steps: [{ id: "x", op: "StepRun", data: 1 }] });
    const post = (authorization?: string) =>
      h.link.handleCall!({
        method: "POST",
        pathname: `/v1/checkpoint/${run!.id}/async`,
        headers: new Headers(authorization ? { authorization } : {}),
        body,
      });

    expect((await post()).status).toBe(401);
    expect((await post(`Bearer ${hashedSigningKey(h.link.signingKey!)}`)).status).toBe(409);
    expect((await stepsOf(run!.id)).map((step) => step.step_id)).not.toContain("x");
  });
});
