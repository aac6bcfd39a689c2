// Snapshots the store to a JSON file (debounced, written to a temp file and renamed so a crash never
// leaves half a file) and reloads it on start, so objects survive a restart alongside the app's DB.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { SimulatorStore, StoreSnapshot } from "./store";

const collectionShape = z.object({ items: z.array(z.looseObject({ id: z.string() })), deleted: z.array(z.string()) });
const snapshotShape = z.looseObject({
  version: z.literal(1),
  customers: collectionShape,
  invoices: collectionShape,
  invoiceItems: collectionShape,
  events: collectionShape,
});

/**
 * The snapshot in `file`: undefined when there is none, null when it was saved for another owner
 * than `owner` (its objects belong elsewhere and must not be replayed here).
 */
export async function loadSnapshot(file: string, owner?: string): Promise<StoreSnapshot | undefined | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const json: unknown = JSON.parse(text);
  if (!snapshotShape.safeParse(json).success) {
    throw new Error(`Stripe simulator state file ${file} is not a simulator snapshot`);
  }
  if (owner !== undefined && (json as { owner?: unknown }).owner !== owner) return null;
  const empty = { items: [], deleted: [] };
  // The check above covers what identifies a snapshot; the objects inside were written by us.
  const raw = json as Partial<StoreSnapshot>;
  return {
    version: 1,
    savedAt: raw.savedAt ?? 0,
    customers: raw.customers ?? empty,
    invoices: raw.invoices ?? empty,
    invoiceItems: raw.invoiceItems ?? empty,
    subscriptions: raw.subscriptions ?? empty,
    events: raw.events ?? empty,
    webhookEndpoints: raw.webhookEndpoints ?? empty,
    portalConfigurations: raw.portalConfigurations ?? empty,
    portalSessions: raw.portalSessions ?? empty,
    idempotency: raw.idempotency ?? [],
    endpointSecrets: raw.endpointSecrets ?? {},
  };
}

export interface SnapshotWriter {
  /** Writes any pending change now. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function persistStore(store: SimulatorStore, file: string, debounceMs: number, now: () => number, owner?: string): SnapshotWriter {
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;
  let writing: Promise<void> = Promise.resolve();
  let counter = 0;

  const write = async (): Promise<void> => {
    dirty = false;
    const snapshot = JSON.stringify({ ...store.snapshot(now()), owner });
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${++counter}.tmp`;
    await writeFile(temp, snapshot, "utf8");
    await rename(temp, file);
  };

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    // Writes are chained so two renames never race each other.
    writing = writing.then(() => (dirty ? write() : undefined));
    return writing;
  };

  const unsubscribe = store.onChange(() => {
    dirty = true;
    if (!timer) {
      timer = setTimeout(() => {
        void flush();
      }, debounceMs);
      timer.unref();
    }
  });

  return {
    flush,
    close: async () => {
      unsubscribe();
      await flush();
    },
  };
}
