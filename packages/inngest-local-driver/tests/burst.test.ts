// Ingest first: while events pour in, the driver holds back to a few runs at once; when the burst
// passes it runs at full concurrency again.
import { afterAll, beforeAll, expect, it } from "vitest";
import { ArrivalRate } from "../src/arrival-rate";
import { startHarness, type Harness } from "./harness";

let h: Harness;
let running = 0;
let peak = 0;

beforeAll(async () => {
  h = await startHarness(
    (inngest) => [
      inngest.createFunction({ id: "slow", triggers: [{ event: "test/slow" }] }, async ({ step }) =>
        step.run("work", async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 80));
          running--;
        }),
      ),
    ],
    { concurrency: 6, burst: { eventsPerSecond: 10, concurrency: 1 } },
  );
});
afterAll(() => h.close());

it("runs one at a time while events arrive faster than the burst rate", async () => {
  // Each send alone is above the rate, so the burst holds from the first event on.
  for (let i = 0; i < 4; i++) await h.inngest.send(Array.from({ length: 11 }, (_, j) => ({ name: "test/slow", data: { i, j } })));
  // Peak is read while the burst is still the recent past.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(peak).toBe(1);
  await h.driver.waitForIdle(30_000);
  expect((await h.driver.listRuns({ functionId: "driver-test-slow" })).every((run) => run.status === "completed")).toBe(true);
});

it("runs at full concurrency once the burst has passed", async () => {
  await new Promise((resolve) => setTimeout(resolve, 2_100));
  peak = 0;
  await h.inngest.send(Array.from({ length: 5 }, (_, j) => ({ name: "test/slow", data: { after: j } })));
  await h.driver.waitForIdle(30_000);
  expect(peak).toBeGreaterThan(1);
});

it("estimates arrivals per second over a sliding second", () => {
  const rate = new ArrivalRate();
  rate.note(30, 10_000);
  expect(rate.perSecond(10_500)).toBe(30);
  // Half of the previous second has slid out.
  expect(rate.perSecond(11_500)).toBe(15);
  expect(rate.perSecond(13_000)).toBe(0);
});
