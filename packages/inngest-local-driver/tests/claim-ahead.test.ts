// Runs claimed ahead of a free slot: when its queue of them is empty, a claim also leases
// `claimAhead` more, which start as runs end with no claim statement of their own. Their leases
// are renewed while they wait, and a stop hands them back at once.
import type { Inngest } from "inngest";
import { afterEach, expect, it } from "vitest";
import type { SqlSession } from "../src/sql";
import { eventually, startHarness, type Harness } from "./harness";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The harness's database, counting the claims (store.claimRuns' one statement) that leased runs. */
function countingClaims(db: SqlSession) {
  const counts = { claimsThatLeased: 0 };
  const session: SqlSession = {
    exec: (text) => db.exec(text),
    query: async <Row>(text: string, params?: unknown[]) => {
      const rows = await db.query<Row>(text, params);
      if (text.includes("WITH limited AS") && rows.length > 0) counts.claimsThatLeased++;
      return rows;
    },
  };
  return { session, counts };
}

const executions = new Map<string, number>();
let releaseGate: () => void = () => undefined;
let gate = Promise.resolve();
function closeGate() {
  gate = new Promise<void>((resolve) => {
    releaseGate = resolve;
  });
}

const defineFunctions = (inngest: Inngest) => [
  inngest.createFunction({ id: "one", triggers: [{ event: "test/one" }] }, async ({ event, step }) => {
    const key = String(event.data.key);
    // Counted in a step, which runs once per execution of the run's call.
    await step.run("count", () => executions.set(key, (executions.get(key) ?? 0) + 1));
    if (event.data.gated) await gate;
    return key;
  }),
];

async function drainTwenty(claimAhead: number): Promise<number> {
  h = await startHarness(defineFunctions);
  await h.driver.stop();
  const { session, counts } = countingClaims(h.database.connection);
  const driver = await h.startDriver({ sql: session, pollIntervalMs: 60_000, concurrency: 2, claimAhead });
  const before = counts.claimsThatLeased;
  await h.inngest.send(Array.from({ length: 20 }, (_, i) => ({ name: "test/one", data: { key: `drain-${claimAhead}-${i}` } })));
  await driver.waitForIdle(15_000);
  expect((await driver.listRuns({ functionId: "driver-test-one" })).filter((run) => run.status === "completed")).toHaveLength(20);
  const claims = counts.claimsThatLeased - before;
  await h.close();
  h = undefined;
  return claims;
}

it("starts the runs it claimed ahead as slots free: one claim leases several runs", async () => {
  // Two slots freeing one at a time: without claiming ahead, about a claim per run.
  expect(await drainTwenty(0)).toBeGreaterThanOrEqual(10);
  // Each claim that finds the queue empty leases the free slots and four more.
  expect(await drainTwenty(4)).toBeLessThanOrEqual(7);
  for (let i = 0; i < 20; i++) expect(executions.get(`drain-4-${i}`)).toBe(1);
});

/** Stores four gated events while no driver runs, then starts one that claims one and three ahead. */
async function fourGatedRunsOneStarted(prefix: string, leaseMs: number) {
  h = await startHarness(defineFunctions);
  await h.driver.stop();
  closeGate();
  const keys = Array.from({ length: 4 }, (_, i) => `${prefix}-${i}`);
  await h.inngest.send(keys.map((key) => ({ name: "test/one", data: { key, gated: true } })));
  const driver = await h.startDriver({ leaseMs, concurrency: 1, claimAhead: 3 });
  await eventually(() => keys.some((key) => executions.get(key) === 1));
  return { driver, keys };
}

const leasedRuns = async () =>
  (await h!.database.connection.query<{ n: number }>(`SELECT count(*)::int AS n FROM "inngest_runs" WHERE "lease_owner" IS NOT NULL`))[0]!.n;

it("renews the leases of runs claimed ahead while they wait, so no other driver runs them too", async () => {
  // Leases of 300 ms, renewed every 100 ms: the running one holds the only slot for a second.
  const { driver, keys } = await fourGatedRunsOneStarted("renew", 300);
  expect(await leasedRuns()).toBe(4);
  const other = await h!.startDriver({ leaseMs: 300, concurrency: 3, claimAhead: 0 });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  releaseGate();
  await driver.waitForIdle(10_000);
  await other.waitForIdle(10_000);

  expect(keys.map((key) => executions.get(key))).toEqual([1, 1, 1, 1]);
});

it("hands back the runs it claimed ahead when it stops, for another driver to run at once", async () => {
  // A minute's lease: a run not handed back would wait that long for another driver.
  const { driver, keys } = await fourGatedRunsOneStarted("stop", 60_000);
  expect(await leasedRuns()).toBe(4);

  const stopping = driver.stop();
  await eventually(async () => (await leasedRuns()) === 1);
  releaseGate();
  await stopping;
  const successor = await h!.startDriver({ leaseMs: 60_000 });
  await successor.waitForIdle(5_000);

  expect(keys.map((key) => executions.get(key))).toEqual([1, 1, 1, 1]);
});
