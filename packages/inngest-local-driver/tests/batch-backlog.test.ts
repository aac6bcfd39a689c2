// A batch's timeout counts from its events' receipt, as on Inngest, where an event joins its batch
// as it arrives. A backlog found at start (events stored while no driver ran) is therefore not held
// back a second time: its last, partial batch starts once the backlog is fanned out, not a timeout
// after. While more of the backlog waits for fan-out, a batch that is not full times out from when
// it was opened instead, so the backlog still runs in full batches and no batch waits longer than
// it would without a backlog.
import { afterAll, beforeAll, beforeEach, expect, it, onTestFinished } from "vitest";
import { fanOutEvents, flushBatches } from "../src/store";
import { APP_ID, startHarness, type Harness } from "./harness";

let h: Harness;
const sizes: number[] = [];

/** Stored events as a fan-out leaves them: no longer pending (for batch rows written by hand). */
async function markFannedOut(idPattern: string): Promise<void> {
  await h.database.connection.query(`DELETE FROM "inngest_pending_events" WHERE "event_id" LIKE $1`, [idPattern]);
}

beforeAll(async () => {
  h = await startHarness(
    (inngest) => [
      inngest.createFunction({ id: "slow-batch", batchEvents: { maxSize: 40, timeout: "30s" }, triggers: [{ event: "test/slow-batch" }] }, async ({ events }) => {
        sizes.push(events.length);
        return events.map((event: { data: Record<string, unknown> }) => event.data.i as number);
      }),
    ],
    { fanOutPerTick: 50 },
  );
  await h.driver.stop();
});
afterAll(() => h?.close());
beforeEach(() => {
  sizes.length = 0;
});

/** Stores `count` events with no driver running, received `agoMs` ago (the time the driver was down). */
async function storeBacklog(count: number, agoMs: number, from = 0): Promise<void> {
  await h.inngest.send(Array.from({ length: count }, (_, i) => ({ name: "test/slow-batch", data: { i: from + i } })));
  const db = h.database.connection;
  await db.query(`UPDATE "inngest_pending_events" SET "received_at" = now() - $1 * interval '1 millisecond'`, [agoMs]);
  await db.query(`UPDATE "inngest_events" e SET "received_at" = p."received_at" FROM "inngest_pending_events" p WHERE e."id" = p."event_id"`);
}

it("starts a backlog's partial batch at once when its events were received longer ago than the timeout", async () => {
  await storeBacklog(13, 60_000);
  const driver = await h.startDriver();
  // The timeout is 30 s: only a batch timed from its events' receipt lets the driver idle here.
  await driver.waitForIdle(5_000);
  await driver.stop();
  expect(sizes).toEqual([13]);
});

it("runs a backlog larger than a tick's fan-out in full batches, and the rest at once", async () => {
  await storeBacklog(130, 60_000, 100);
  const driver = await h.startDriver();
  await driver.waitForIdle(5_000);
  await driver.stop();
  // 50 events are fanned out per tick: partial batches started mid-backlog would show as runs of 10 and 30.
  expect(sizes.sort((a, b) => a - b)).toEqual([10, 40, 40, 40]);
  const runs = await h.driver.listRuns({ functionId: `${APP_ID}-slow-batch` });
  expect(runs.filter((run) => run.status === "completed").flatMap((run) => run.output as number[]).filter((i) => i >= 100)).toHaveLength(130);
});

it("while a backlog is fanned out, times a partial batch from when it was opened, and no longer", async () => {
  const db = h.database.connection;
  // Two batches of events received a minute ago (a backlog): one opened just now, one 40 s ago.
  await db.query(
    `INSERT INTO "inngest_events" ("id", "name", "payload", "received_at")
     SELECT 'store-' || k || i, 'test/store', '{}'::jsonb, now() - interval '60 seconds' FROM unnest(ARRAY['a', 'b']) AS k, generate_series(1, 2) AS i`,
  );
  await markFannedOut("store-%");
  await db.query(
    `INSERT INTO "inngest_batch_events" ("function_id", "batch_key", "event_id", "sequence", "added_at")
     SELECT 'store-batch', k, 'store-' || k || i, i, CASE WHEN k = 'a' THEN now() ELSE now() - interval '40 seconds' END
     FROM unnest(ARRAY['a', 'b']) AS k, generate_series(1, 2) AS i`,
  );
  const policy = [{ functionId: "store-batch", maxSize: 10, timeoutMs: 30_000, maxAttempts: 1 }];
  const batches = async () =>
    (await db.query<{ ids: string[] }>(`SELECT "batch_event_ids" AS ids FROM "inngest_runs" WHERE "function_id" = 'store-batch' ORDER BY "batch_event_ids"::text`)).map((row) => row.ids);

  // Fanning out: the batch opened 40 s ago is past its 30 s timeout; the one opened now waits.
  expect(await flushBatches(db, policy, { fanningOutBacklog: true })).toBeGreaterThan(25_000);
  expect(await batches()).toEqual([["store-b1", "store-b2"]]);
  // Fanned out: its events were received a minute ago, so it starts.
  expect(await flushBatches(db, policy)).toBeNull();
  expect(await batches()).toEqual([
    ["store-a1", "store-a2"],
    ["store-b1", "store-b2"],
  ]);
});

it("locks and takes only the open batches it starts, not those still filling", async () => {
  const db = h.database.connection;
  // No driver serves this function: its open batch must not hold up the tests after this one.
  onTestFinished(async () => void (await db.query(`DELETE FROM "inngest_batch_events" WHERE "function_id" = 'lock-batch'`)));
  // Batch "full" holds 10 events, batch "filling" 2.
  const batched = `unnest(ARRAY['full', 'filling']) AS k, generate_series(1, CASE WHEN k = 'full' THEN 10 ELSE 2 END) AS i`;
  await db.query(`INSERT INTO "inngest_events" ("id", "name", "payload") SELECT 'lock-' || k || i, 'test/lock', '{}'::jsonb FROM ${batched}`);
  await markFannedOut("lock-%");
  await db.query(`INSERT INTO "inngest_batch_events" ("function_id", "batch_key", "event_id", "sequence") SELECT 'lock-batch', k, 'lock-' || k || i, i FROM ${batched}`);
  // Fresh events: the full batch starts; the other waits for its timeout.
  await flushBatches(db, [{ functionId: "lock-batch", maxSize: 10, timeoutMs: 30_000, maxAttempts: 1 }]);
  const [run] = await db.query<{ size: number }>(`SELECT jsonb_array_length("batch_event_ids") AS size FROM "inngest_runs" WHERE "function_id" = 'lock-batch'`);
  expect(run?.size).toBe(10);
  // A row locked FOR UPDATE keeps its locker in xmax: a flush that locked the batch still filling
  // would have rewritten each of its rows, on every flush while it fills.
  const filling = await db.query<{ xmax: string }>(`SELECT xmax::text AS xmax FROM "inngest_batch_events" WHERE "function_id" = 'lock-batch'`);
  expect(filling.map((row) => row.xmax)).toEqual(["0", "0"]);
});

it("fans a chunk out into its open batch first, then full batches as runs, leaving only the rest open", async () => {
  const db = h.database.connection;
  onTestFinished(async () => void (await db.query(`DELETE FROM "inngest_batch_events" WHERE "function_id" = 'direct-batch'`)));
  // Batch "open" already holds 3 of its 10 events; batch "new" has none. Then 30 events each.
  await db.query(`INSERT INTO "inngest_events" ("id", "name", "payload") SELECT 'direct-open-' || i, 'test/direct', '{}'::jsonb FROM generate_series(1, 3) AS i`);
  await markFannedOut("direct-open-%");
  await db.query(`INSERT INTO "inngest_batch_events" ("function_id", "batch_key", "event_id", "sequence") SELECT 'direct-batch', 'open', 'direct-open-' || i, i FROM generate_series(1, 3) AS i`);
  const stored = await db.query<{ id: string; sequence: string }>(
    `INSERT INTO "inngest_events" ("id", "name", "payload") SELECT 'direct-' || k || '-' || lpad(i::text, 2, '0'), 'test/direct', '{}'::jsonb
     FROM unnest(ARRAY['open', 'new']) AS k, generate_series(4, 33) AS i ORDER BY k DESC, i RETURNING "id", "sequence"::text`,
  );
  const versions = `SELECT "id", ctid::text AS version FROM "inngest_events" WHERE "id" LIKE 'direct-%' ORDER BY "id"`;
  const before = await db.query(versions);
  await fanOutEvents(
    db,
    stored.map(({ id, sequence }) => ({
      eventId: id,
      sequence,
      runs: [{ id: `unused-${id}`, functionId: "direct-batch", maxAttempts: 1, batchKey: id.split("-")[1], batchMaxSize: 10 }],
    })),
  );
  // The fan-out claimed every event: none is left to fan out again. It did so without writing a
  // new version of any event row (each one an entry in every index of the table).
  expect(await db.query(`SELECT 1 FROM "inngest_pending_events" WHERE "event_id" LIKE 'direct-%'`)).toEqual([]);
  expect(await db.query(versions)).toEqual(before);
  const ids = (key: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `direct-${key}-${String(from + i).padStart(2, "0")}`);
  const runs = await db.query<{ ids: string[] }>(`SELECT "batch_event_ids" AS ids FROM "inngest_runs" WHERE "function_id" = 'direct-batch' ORDER BY "batch_event_ids"->>0`);
  // "open" takes 7 more (4–10), then 11–30 are two full runs and 31–33 stay open; "new" is three full runs.
  expect(runs.map((run) => run.ids)).toEqual([ids("new", 4, 13), ids("new", 14, 23), ids("new", 24, 33), ids("open", 11, 20), ids("open", 21, 30)]);
  const open = await db.query<{ event_id: string }>(`SELECT "event_id" FROM "inngest_batch_events" WHERE "function_id" = 'direct-batch' ORDER BY "sequence"`);
  expect(open.map((row) => row.event_id)).toEqual([1, 2, 3].map((i) => `direct-open-${i}`).concat(ids("open", 4, 10), ids("open", 31, 33)));
});

it("starts a backlog's first full batches while the rest of it is still being fanned out", async () => {
  const [{ since }] = await h.database.connection.query<{ since: Date }>(`SELECT now() AS since`);
  await storeBacklog(1_200, 60_000, 10_000);
  // One tick may fan out the whole backlog: its runs must not wait for the last of it.
  const driver = await h.startDriver({ fanOutPerTick: 10_000 });
  await driver.waitForIdle(10_000);
  await driver.stop();
  // Every batch of this backlog is full, so each run is created by the fan-out of its last event.
  const [timeline] = await h.database.connection.query<{ first_started: Date; last_fanned_out: Date }>(
    `SELECT (SELECT min("started_at") FROM "inngest_runs" WHERE "function_id" = $1 AND "created_at" >= $2) AS first_started,
            (SELECT max("created_at") FROM "inngest_runs" WHERE "function_id" = $1 AND "created_at" >= $2) AS last_fanned_out`,
    [`${APP_ID}-slow-batch`, since],
  );
  expect(new Date(timeline!.first_started).getTime()).toBeLessThan(new Date(timeline!.last_fanned_out).getTime());
  // Each event of the backlog was applied once.
  expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(1_200);
  expect(sizes.every((size) => size === 40)).toBe(true);
});

it("still holds a partial batch of fresh events for its timeout", async () => {
  await storeBacklog(3, 0, 1_000);
  const driver = await h.startDriver();
  await expect(driver.waitForIdle(1_500)).rejects.toThrow(/3 in open batches/);
  await driver.stop({ abandon: true });
  expect(sizes).toEqual([]);
});
