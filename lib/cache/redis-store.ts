// The Redis cache store (REDIS_URL). Entries and tag versions live in Redis, so an invalidation
// (INCR of the tag) is seen by every instance on its next read — no message to lose on a
// reconnect. Commands time out quickly: a slow or absent Redis degrades to "no cache", never to
// a slow page.
import Redis from "ioredis";
import type { CacheStore, StoredEntry } from "./cache-store";

const PREFIX = "ledgerline:reports:";

export function createRedisStore(url: string): CacheStore {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 250, lazyConnect: false });
  // Connection errors surface as failed commands (handled by the caller); do not crash on them.
  redis.on("error", () => undefined);
  const entryKey = (key: string) => `${PREFIX}entry:${key}`;
  const tagKey = (tag: string) => `${PREFIX}tag:${tag}`;
  return {
    kind: "redis",
    async read(key, tags) {
      const [raw, ...versions] = await redis.mget(entryKey(key), ...tags.map(tagKey));
      return {
        entry: raw ? (JSON.parse(raw) as StoredEntry) : null,
        tagVersions: versions.map((v) => (v ? Number(v) : 0)),
      };
    },
    async write(key, entry, keepSeconds) {
      await redis.set(entryKey(key), JSON.stringify(entry), "EX", keepSeconds);
    },
    async bumpTags(tags) {
      if (tags.length === 0) return;
      const pipeline = redis.pipeline();
      for (const tag of tags) pipeline.incr(tagKey(tag));
      await pipeline.exec();
    },
    async recordUse(member) {
      await redis.zincrby(`${PREFIX}uses`, 1, member);
    },
    async topUses(limit) {
      return redis.zrevrange(`${PREFIX}uses`, 0, limit - 1);
    },
    async close() {
      redis.disconnect();
    },
  };
}
