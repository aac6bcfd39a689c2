// A backlog found at start (events stored while no driver ran, as after a restart during a burst)
// starts running before all of it is fanned out: each tick fans out a bounded number of events,
// claims runs, and goes on with the rest beside them.
import { afterAll, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";

let h: Harness;
afterAll(() => h?.close());

it("starts a backlog's first runs before the whole backlog is fanned out, and runs every event once", async () => {
  h = await startHarness(
    (inngest) => [
      inngest.createFunction({ id: "backlog", triggers: [{ event: "test/backlog" }] }, async ({ event, step }) =>
        step.run("note", async () => event.data.i as number),
      ),
    ],
    { fanOutPerTick: 50 },
  );
  await h.driver.stop();
  for (let i = 0; i < 300; i += 100) await h.inngest.send(Array.from({ length: 100 }, (_, j) => ({ name: "test/backlog", data: { i: i + j } })));

  const driver = await h.startDriver();
  await driver.waitForIdle(30_000);

  const [order] = await h.database.connection.query<{ first_claim: Date; last_fan_out: Date }>(
    // A run is created by the fan-out of its event, in the same statement.
    `SELECT (SELECT min("started_at") FROM "inngest_runs") AS first_claim, (SELECT max("created_at") FROM "inngest_runs") AS last_fan_out`,
  );
  expect(order!.first_claim.getTime()).toBeLessThan(order!.last_fan_out.getTime());
  const runs = await driver.listRuns({ functionId: "driver-test-backlog" });
  expect(runs).toHaveLength(300);
  expect(runs.every((run) => run.status === "completed")).toBe(true);
  expect(new Set(runs.map((run) => run.output)).size).toBe(300);
});
