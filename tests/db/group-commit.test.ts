// Group commit: concurrent writes share one statement, a bad item fails alone, caps hold.
import { expect, it } from "vitest";
import { createGroupCommit } from "@/lib/db/group-commit";

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

it("writes at once when idle, and batches what arrives while a write is in flight", async () => {
  const batches: number[][] = [];
  const gate = deferred();
  const submit = createGroupCommit<number, number>(async (items) => {
    batches.push(items);
    if (batches.length === 1) await gate.promise;
    return items.map((item) => item * 10);
  });
  const first = submit(1);
  await new Promise((resolve) => setImmediate(resolve));
  expect(batches).toEqual([[1]]);
  const rest = [2, 3, 4].map(submit);
  await new Promise((resolve) => setImmediate(resolve));
  expect(batches).toHaveLength(1);
  gate.release();
  expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
  expect(batches).toEqual([[1], [2, 3, 4]]);
});

it("retries a failed batch item by item, so only the bad item fails", async () => {
  const submit = createGroupCommit<string, string>(async (items) => {
    if (items.includes("bad")) throw new Error(`cannot store ${items.length === 1 ? "bad" : "the batch"}`);
    return items.map((item) => item.toUpperCase());
  });
  const results = await Promise.allSettled(["a", "bad", "c"].map(submit));
  expect(results.map((result) => (result.status === "fulfilled" ? result.value : (result.reason as Error).message))).toEqual(["A", "cannot store bad", "C"]);
});

it("caps a batch by count and by weight, sending an over-heavy item alone", async () => {
  const batches: string[][] = [];
  const submit = createGroupCommit<string, number>(
    async (items) => {
      batches.push(items);
      return items.map((item) => item.length);
    },
    { maxBatch: 3, weigh: (item) => item.length, maxWeight: 10 },
  );
  await Promise.all(["aaaa", "bbbb", "cc", "dddddddddddddddd", "e", "f", "g", "h"].map(submit));
  expect(batches).toEqual([["aaaa", "bbbb", "cc"], ["dddddddddddddddd"], ["e", "f", "g"], ["h"]]);
});

it("rejects a write that returns the wrong number of results", async () => {
  const submit = createGroupCommit<number, number>(async () => []);
  await expect(submit(1)).rejects.toThrow(/0 results for 1 items/);
});

it("with a delay, writes everything submitted in the interval as one batch", async () => {
  const batches: number[][] = [];
  const submit = createGroupCommit<number, void>(
    async (items) => {
      batches.push(items);
      return items.map(() => undefined);
    },
    { delayMs: 30 },
  );
  const first = submit(1);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const second = submit(2);
  expect(batches).toEqual([]);
  await Promise.all([first, second]);
  expect(batches).toEqual([[1, 2]]);
});
