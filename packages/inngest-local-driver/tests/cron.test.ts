// Cron triggers: one run per tick, across concurrent drivers and restarts.
import { afterAll, beforeAll, expect, it } from "vitest";
import { LATE_TICK_GRACE_MS } from "../src/scheduler";
import { APP_ID, eventually, startHarness, type Harness } from "./harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness((inngest) => [
    inngest.createFunction({ id: "every-second", triggers: [{ cron: "* * * * * *" }] }, async ({ event }) => ({ tick: event.ts })),
  ]);
});

afterAll(async () => {
  await h?.close();
});

async function ticks(): Promise<number[]> {
  const runs = await h.driver.listRuns({ functionId: `${APP_ID}-every-second` });
  return runs.map((run) => (run.output as { tick: number } | null)?.tick ?? -1);
}

it("runs once per tick with two drivers polling and one restarting", async () => {
  const rival = await h.startDriver();
  await eventually(async () => (await ticks()).length >= 2, 5_000);

  await h.driver.stop();
  const restarted = await h.startDriver();
  await eventually(async () => (await ticks()).length >= 4, 5_000);
  await Promise.all([rival.stop(), restarted.stop()]);
  await restarted.waitForIdle(5_000);

  const seen = await ticks();
  expect(new Set(seen).size).toBe(seen.length);
  const sorted = [...seen].sort((a, b) => a - b);
  // Every tick is a whole second and none was skipped between the first and the last.
  expect(sorted.every((tick) => tick % 1000 === 0)).toBe(true);
  expect((sorted[sorted.length - 1] - sorted[0]) / 1000 + 1).toBe(sorted.length);
});

it("fires a tick that came due while no driver ran, once, coalescing the ticks missed", async () => {
  const due = Math.floor(Date.now() / 1000) * 1000 - LATE_TICK_GRACE_MS - 20_000;
  await h.database.connection.query(`UPDATE "inngest_schedules" SET "next_tick_at" = $1`, [new Date(due)]);
  const before = new Set(await ticks());
  const startedAt = Date.now();

  const driver = await h.startDriver();
  await eventually(async () => (await ticks()).some((tick) => !before.has(tick)), 5_000);
  await driver.stop();
  await driver.waitForIdle(5_000);

  const fired = (await ticks()).filter((tick) => !before.has(tick));
  // The ticks of the grace window before the driver started still fire; none older than it.
  expect(fired.filter((tick) => tick < startedAt - LATE_TICK_GRACE_MS - 1_000)).toEqual([due]);
});

it("fires every tick a stalled poll reached late, each once, instead of skipping them", async () => {
  // No driver runs for a few seconds: the schedule's next tick falls behind, as behind a stalled poll.
  const rows = await h.database.connection.query<{ next_tick_at: Date }>(`SELECT "next_tick_at" FROM "inngest_schedules"`);
  const late = new Date(rows[0].next_tick_at).getTime();
  const lateBy = 4;
  while (Date.now() < late + lateBy * 1000 + 200) await new Promise((resolve) => setTimeout(resolve, 100));
  const before = new Set(await ticks());

  const driver = await h.startDriver();
  await eventually(async () => (await ticks()).filter((tick) => !before.has(tick)).length >= lateBy + 1, 5_000);
  await driver.stop();
  await driver.waitForIdle(5_000);

  const fired = (await ticks()).filter((tick) => !before.has(tick)).sort((a, b) => a - b);
  expect(new Set(fired).size).toBe(fired.length);
  expect(fired.slice(0, lateBy + 1)).toEqual(Array.from({ length: lateBy + 1 }, (_, i) => late + i * 1000));
});
