// Group commit: writes that arrive while earlier ones are in flight share the next statement and
// its commit. An idle writer starts at once (no timer, no added latency); under a burst one commit
// serves a whole batch, so throughput follows load instead of the disk's flush rate. A failed
// batch is retried item by item, so one bad item fails alone and never takes its neighbours down.

export interface GroupCommitOptions<Item> {
  /** Largest batch one statement carries. */
  maxBatch?: number;
  /** Batches written concurrently (each holds one pooled connection). One lets the next batch grow while a write is in flight. */
  maxInFlight?: number;
  /**
   * Waits this long before writing, so that writes nobody waits for (a status mark) cost one
   * statement per interval instead of one per item. Without it a write starts at once.
   */
  delayMs?: number;
  /** With `maxWeight`, caps a batch by the sum of its items' weights (e.g. bytes); a heavier item goes alone. */
  weigh?: (item: Item) => number;
  maxWeight?: number;
}

interface Waiter<Item, Result> {
  item: Item;
  /** The item's weight, taken once when it is queued. */
  weight: number;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Returns `submit(item)`, which resolves with the item's result once the batch holding it is
 * written. `write` receives the items in arrival order and returns one result per item, in order.
 */
export function createGroupCommit<Item, Result>(
  write: (items: Item[]) => Promise<Result[]>,
  options: GroupCommitOptions<Item> = {},
): (item: Item) => Promise<Result> {
  const maxBatch = options.maxBatch ?? 200;
  const maxInFlight = options.maxInFlight ?? 1;
  let queue: Waiter<Item, Result>[] = [];
  let inFlight = 0;
  let drainScheduled = false;

  async function writeChecked(items: Item[]): Promise<Result[]> {
    const results = await write(items);
    if (results.length !== items.length) throw new Error(`group write returned ${results.length} results for ${items.length} items`);
    return results;
  }

  async function writeBatch(batch: Waiter<Item, Result>[]): Promise<void> {
    try {
      const results = await writeChecked(batch.map((waiter) => waiter.item));
      batch.forEach((waiter, index) => waiter.resolve(results[index]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      // Each item alone, side by side: the bad one fails, the rest go through as if never batched.
      await Promise.all(
        batch.map((waiter) =>
          writeChecked([waiter.item]).then(
            (results) => waiter.resolve(results[0]!),
            (itemError: unknown) => waiter.reject(itemError),
          ),
        ),
      );
    }
  }

  /** How many queued items the next batch takes: at least one, then up to the count and weight caps. */
  function nextBatchLength(): number {
    const limit = Math.min(queue.length, maxBatch);
    if (!options.weigh || options.maxWeight === undefined) return limit;
    let weight = queue[0]!.weight;
    let length = 1;
    while (length < limit && (weight += queue[length]!.weight) <= options.maxWeight) length++;
    return length;
  }

  function drain(): void {
    drainScheduled = false;
    while (inFlight < maxInFlight && queue.length > 0) {
      const length = nextBatchLength();
      const batch = length === queue.length ? queue : queue.slice(0, length);
      queue = length === queue.length ? [] : queue.slice(length);
      inFlight++;
      void writeBatch(batch).finally(() => {
        inFlight--;
        drain();
      });
    }
  }

  return (item) =>
    new Promise<Result>((resolve, reject) => {
      queue.push({ item, weight: options.weigh?.(item) ?? 0, resolve, reject });
      if (drainScheduled) return;
      drainScheduled = true;
      // By default a microtask, not a timer: callers in the same tick share a batch without waiting.
      if (options.delayMs === undefined) queueMicrotask(drain);
      else setTimeout(drain, options.delayMs).unref();
    });
}
