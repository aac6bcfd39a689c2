// Ingest first: while events pour in and request handling needs the whole event loop, the driver
// holds back to a few runs at once; when the burst passes it runs at full concurrency again. A
// burst the loop has room for is drained at full concurrency as it arrives.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArrivalRate } from "../src/arrival-rate";
import { eventLoopUtilization } from "../src/loop-utilization";
import { startHarness, type Harness } from "./harness";

/**
 * A driver for the enclosing describe, started before its tests and closed after them, whose one
 * function records how many of its runs were in flight at once (`peak`), counting runs that start
 * before `countUntil` (ms since the epoch).
 */
function useSlowFunctionDriver(loopUtilization: () => number) {
  const driver = { h: undefined as unknown as Harness, seen: { running: 0, peak: 0, countUntil: Infinity } };
  beforeAll(async () => {
    driver.h = await startHarness(
      (inngest) => [
        inngest.createFunction({ id: "slow", triggers: [{ event: "test/slow" }] }, async ({ step }) =>
          step.run("work", async () => {
            driver.seen.running++;
            if (Date.now() < driver.seen.countUntil) driver.seen.peak = Math.max(driver.seen.peak, driver.seen.running);
            await new Promise((resolve) => setTimeout(resolve, 80));
            driver.seen.running--;
          }),
        ),
      ],
      { concurrency: 6, burst: { eventsPerSecond: 10, concurrency: 1 }, loopUtilization },
    );
  });
  afterAll(() => driver.h.close());
  return driver;
}

/**
 * Four sends of 11 events: each alone is above the burst rate, so the burst holds from the first.
 * The rate is read over a sliding second, so it stays above 10/s for at least 770 ms after them.
 */
async function sendBurst(h: Harness) {
  for (let i = 0; i < 4; i++) await h.inngest.send(Array.from({ length: 11 }, (_, j) => ({ name: "test/slow", data: { i, j } })));
}

describe("a burst while the event loop is busy", () => {
  const driver = useSlowFunctionDriver(() => 1);

  it("runs one at a time while events arrive faster than the burst rate", async () => {
    await sendBurst(driver.h);
    // Runs that start within 700 ms of the last send start inside the burst, however late this
    // test's own timers fire; the rest may run at full concurrency once it has passed.
    driver.seen.countUntil = Date.now() + 700;
    await driver.h.driver.waitForIdle(30_000);
    expect(driver.seen.peak).toBe(1);
    expect((await driver.h.driver.listRuns({ functionId: "driver-test-slow" })).every((run) => run.status === "completed")).toBe(true);
  });

  it("runs at full concurrency once the burst has passed", async () => {
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    driver.seen.peak = 0;
    driver.seen.countUntil = Infinity;
    await driver.h.inngest.send(Array.from({ length: 5 }, (_, j) => ({ name: "test/slow", data: { after: j } })));
    await driver.h.driver.waitForIdle(30_000);
    expect(driver.seen.peak).toBeGreaterThan(1);
  });
});

describe("a burst the event loop has room for", () => {
  const driver = useSlowFunctionDriver(() => 0.5);

  it("is drained at full concurrency as it arrives", async () => {
    await sendBurst(driver.h);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(driver.seen.peak).toBeGreaterThan(1);
    await driver.h.driver.waitForIdle(30_000);
  });
});

it("estimates arrivals per second over a sliding second", () => {
  const rate = new ArrivalRate();
  rate.note(30, 10_000);
  expect(rate.perSecond(10_500)).toBe(30);
  // Half of the previous second has slid out.
  expect(rate.perSecond(11_500)).toBe(15);
  expect(rate.perSecond(13_000)).toBe(0);
});

it("reads the event loop as busy while code runs and as idle while it waits", async () => {
  const utilization = eventLoopUtilization(100);
  const spinUntil = performance.now() + 150;
  while (performance.now() < spinUntil);
  expect(utilization()).toBeGreaterThan(0.8);
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(utilization()).toBeLessThan(0.5);
});
