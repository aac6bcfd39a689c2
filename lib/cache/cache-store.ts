// Where cached report figures live. Two implementations behind one interface: an in-memory LRU
// (default, one per process) and Redis (REDIS_URL: shared by every instance). Invalidation is by
// tag version: a write bumps its tags' versions; an entry stamped with older versions no longer
// counts as fresh but is kept as the last good value for the stale fallback.

export interface StoredEntry<T = unknown> {
  value: T;
  /** When the figures were computed (ms since epoch). */
  computedAt: number;
  /** Safety net: after this the entry is recomputed even without an invalidation. */
  freshUntil: number;
  /** The versions of the entry's tags when its computation started. */
  tagVersions: number[];
}

export interface CacheStore {
  readonly kind: "memory" | "redis";
  /** The entry (or null) and the current version of each tag, in the order given. */
  read(key: string, tags: readonly string[]): Promise<{ entry: StoredEntry | null; tagVersions: number[] }>;
  write(key: string, entry: StoredEntry, keepSeconds: number): Promise<void>;
  bumpTags(tags: readonly string[]): Promise<void>;
  /** Counts a request for `member` (an opaque string naming a report combination). */
  recordUse(member: string): Promise<void>;
  /** The most requested members, most used first. */
  topUses(limit: number): Promise<string[]>;
  close(): Promise<void>;
}

/** In-process store: least-recently-used eviction beyond `maxEntries`. */
export function createMemoryStore(maxEntries = 2_000): CacheStore {
  const entries = new Map<string, { entry: StoredEntry; keepUntil: number }>();
  const versions = new Map<string, number>();
  const uses = new Map<string, number>();
  return {
    kind: "memory",
    async read(key, tags) {
      const found = entries.get(key);
      let entry: StoredEntry | null = null;
      if (found && found.keepUntil > Date.now()) {
        // Re-insert to mark it most recently used.
        entries.delete(key);
        entries.set(key, found);
        entry = found.entry;
      } else if (found) {
        entries.delete(key);
      }
      return { entry, tagVersions: tags.map((t) => versions.get(t) ?? 0) };
    },
    async write(key, entry, keepSeconds) {
      entries.delete(key);
      entries.set(key, { entry, keepUntil: Date.now() + keepSeconds * 1000 });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    async bumpTags(tags) {
      for (const tag of tags) versions.set(tag, (versions.get(tag) ?? 0) + 1);
    },
    async recordUse(member) {
      uses.set(member, (uses.get(member) ?? 0) + 1);
    },
    async topUses(limit) {
      return [...uses.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([member]) => member);
    },
    async close() {
      entries.clear();
    },
  };
}
