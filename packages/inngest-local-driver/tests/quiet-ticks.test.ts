// Most wakes in a drain are runs ending: they free a slot but add no event and no batch. Such a
// tick claims the next run and leaves the pending events and open batches alone; those are read
// when this process stores events (its event API wakes the driver) and, for events and batches
// of other processes, at least once per poll interval.
import type { Inngest } from "inngest";
import { afterEach, expect, it } from "vitest";
import { createEventApi } from "../src/event-api";
import type { SqlSession } from "../src/sql";
import { PENDING_EVENTS_SQL } from "../src/store";
import { callDriver, eventually, startHarness, type Harness } from "./harness";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The harness's database, counting the statements that read pending events and flush batches. */
function countingSession(db: SqlSession) {
  const counts = { pendingReads: 0, flushes: 0 };
  const session: SqlSession = {
    exec: (text) => db.exec(text),
    query: <Row>(text: string, params?: unknown[]) => {
      if (text === PENDING_EVENTS_SQL) counts.pendingReads++;
      // store.flushBatches' one statement.
      if (text.includes("WITH policy AS")) counts.flushes++;
      return db.query<Row>(text, params);
    },
  };
  return { session, counts };
}

const defineFunctions = (inngest: Inngest) => [
  inngest.createFunction({ id: "one", triggers: [{ event: "test/one" }] }, async ({ event }) => event.data.i as number),
  inngest.createFunction({ id: "batched", batchEvents: { maxSize: 5, timeout: "30s" }, triggers: [{ event: "test/batched" }] }, async ({ events }) => events.length),
];

it("claims the next run when one ends, without reading pending events or flushing batches", async () => {
  h = await startHarness(defineFunctions);
  await h.driver.stop();
  const { session, counts } = countingSession(h.database.connection);
  // A long poll: every read below is one the driver chose to make, not one the clock forced.
  const driver = await h.startDriver({ sql: session, pollIntervalMs: 60_000, concurrency: 2 });
  const before = { ...counts };

  await h.inngest.send(Array.from({ length: 20 }, (_, i) => ({ name: "test/one", data: { i } })));
  await driver.waitForIdle(15_000);
  const runs = await driver.listRuns({ functionId: "driver-test-one" });
  expect(runs.filter((run) => run.status === "completed")).toHaveLength(20);
  // At most: the read its sync asks for (it may land after `before`), the one the send's wake asks
  // for, and one more if that wake arrived during a read. Twenty runs ending two at a time woke
  // the driver about ten times more, and each wake read and flushed (22 of each before).
  expect(counts.pendingReads - before.pendingReads).toBeLessThanOrEqual(3);
  expect(counts.flushes - before.flushes).toBeLessThanOrEqual(3);
});

it("still finds, within a poll interval, events another process stored without waking it, and flushes their batches", async () => {
  h = await startHarness(defineFunctions);
  await h.driver.stop();
  const driver = await h.startDriver({ pollIntervalMs: 200 });
  // Another process's event API: it stores into the same database and wakes nobody here.
  const elsewhere = { signingKey: h.link.signingKey };
  const otherApi = createEventApi({ sql: h.database.connection, link: elsewhere, signingKey: () => undefined, serveOrigin: () => h!.link.serveOrigin! });
  const request = new Request("http://inngest-driver.invalid/e/local-driver", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify([...Array.from({ length: 3 }, (_, i) => ({ name: "test/one", data: { i } })), ...Array.from({ length: 5 }, (_, i) => ({ name: "test/batched", data: { i } }))]),
  });
  expect((await callDriver({ ...elsewhere, handleCall: otherApi }, request)).status).toBe(200);

  await eventually(async () => (await driver.listRuns()).filter((run) => run.status === "completed").length === 4, 5_000);
  const batched = await driver.listRuns({ functionId: "driver-test-batched" });
  expect(batched.map((run) => run.output)).toEqual([5]);
});
