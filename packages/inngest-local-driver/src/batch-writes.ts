// Group commit for the event insert: sends that arrive while an insert is in flight share the
// next INSERT and its commit. An idle driver writes at once (a microtask, no timer); a failed
// batch is retried item by item, so one bad send fails alone.

const MAX_BATCH = 200;

interface Waiter<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/** `write` receives items in arrival order and returns one result per item, in order. */
export function batchWrites<Item, Result>(write: (items: Item[]) => Promise<Result[]>): (item: Item) => Promise<Result> {
  let queue: Waiter<Item, Result>[] = [];
  let writing = false;
  let scheduled = false;

  async function writeChecked(items: Item[]): Promise<Result[]> {
    const results = await write(items);
    if (results.length !== items.length) throw new Error(`batched write returned ${results.length} results for ${items.length} items`);
    return results;
  }

  async function writeBatch(batch: Waiter<Item, Result>[]): Promise<void> {
    try {
      const results = await writeChecked(batch.map((waiter) => waiter.item));
      batch.forEach((waiter, index) => waiter.resolve(results[index]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
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

  function drain(): void {
    scheduled = false;
    if (writing || queue.length === 0) return;
    const batch = queue.slice(0, MAX_BATCH);
    queue = queue.slice(batch.length);
    writing = true;
    void writeBatch(batch).finally(() => {
      writing = false;
      drain();
    });
  }

  return (item) =>
    new Promise<Result>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(drain);
    });
}
