// The tenant-scoped report cache. Every entry is keyed and tagged by (tenant scope, report), so
// one tenant's write invalidates exactly that tenant's figures (and the all-tenants totals) and
// no key can ever serve another tenant. Fresh entries are served as they are; an invalidated or
// expired one is recomputed; if recomputing fails or takes too long, the last good value is
// served marked stale instead of an error.
//
// Why not Next's "use cache": it needs `cacheComponents: true`, which changes how every page of
// the app renders (dynamic APIs inside Suspense). This module gives the same tag semantics
// without touching other areas' pages; see docs/reports.md.
import { metrics } from "@/lib/observability/metrics";
import { getEnv } from "@/lib/config/env";
import { logger } from "@/lib/logging/logger";
import { ALL_TENANTS, type ReportName } from "@/lib/reports/report-names";
import { createMemoryStore, type CacheStore, type StoredEntry } from "../cache/cache-store";
import { createRedisStore } from "../cache/redis-store";

/** How long a superseded entry is kept as the stale fallback. */
const KEEP_LAST_GOOD_SECONDS = 7 * 24 * 3600;
/** With a last good value in hand, a recomputation slower than this serves the stale value. */
const STALE_AFTER_MS = 3_000;

export interface CachedFigures<T> {
  value: T;
  computedAt: Date;
  /** True when the figures are the last good ones because recomputing failed or was too slow. */
  stale: boolean;
  source: "cache" | "computed" | "stale-fallback";
}

export interface ReportCacheKey {
  /** The tenant id, or ALL_TENANTS for the all-tenants totals. */
  scope: string;
  report: ReportName;
  /** Everything else the figures depend on (date range, granularity, currency). */
  params: Record<string, string>;
}

export function reportTag(scope: string, report: ReportName): string {
  return `t:${scope}:r:${report}`;
}

export function cacheKeyOf(key: ReportCacheKey): string {
  const params = Object.keys(key.params)
    .sort()
    .map((k) => `${k}=${encodeURIComponent(key.params[k] ?? "")}`)
    .join("&");
  return `${key.scope}:${key.report}:${params}`;
}

const storeKey = Symbol.for("ledgerline.report-cache-store");
type GlobalWithStore = typeof globalThis & { [storeKey]?: CacheStore };

/** The store of this process: Redis when REDIS_URL is set, otherwise in memory. */
export function reportCacheStore(): CacheStore {
  const g = globalThis as GlobalWithStore;
  if (!g[storeKey]) {
    const url = getEnv().REDIS_URL;
    g[storeKey] = url ? createRedisStore(url) : createMemoryStore();
  }
  return g[storeKey];
}

/** Installs a specific store (tests, scripts); returns the previous one. */
export function setReportCacheStore(store: CacheStore): CacheStore | undefined {
  const g = globalThis as GlobalWithStore;
  const previous = g[storeKey];
  g[storeKey] = store;
  return previous;
}

function sameVersions(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function timeout(ms: number): Promise<"timeout"> {
  return new Promise((resolve) => setTimeout(() => resolve("timeout"), ms).unref());
}

/** Serves a report's figures from the cache, computing them with `load` when needed. */
export async function cachedReport<T>(
  key: ReportCacheKey,
  load: () => Promise<T>,
  options: { ttlSeconds?: number; staleAfterMs?: number } = {},
): Promise<CachedFigures<T>> {
  const figures = await readThrough(key, load, options);
  metrics().cacheLookups.inc({ result: figures.source === "cache" ? "hit" : figures.source === "stale-fallback" ? "stale" : "miss" });
  return figures;
}

async function readThrough<T>(
  key: ReportCacheKey,
  load: () => Promise<T>,
  options: { ttlSeconds?: number; staleAfterMs?: number },
): Promise<CachedFigures<T>> {
  const store = reportCacheStore();
  const id = cacheKeyOf(key);
  const tags = [reportTag(key.scope, key.report)];
  const ttlSeconds = options.ttlSeconds ?? getEnv().REPORT_CACHE_TTL_SECONDS;

  let entry: StoredEntry | null = null;
  let versions: number[] | null = null;
  try {
    ({ entry, tagVersions: versions } = await store.read(id, tags));
  } catch (error) {
    logger().warn({ err: error, key: id }, "report cache unavailable: computing without it");
  }
  if (entry && versions && entry.freshUntil > Date.now() && sameVersions(entry.tagVersions, versions)) {
    return { value: entry.value as T, computedAt: new Date(entry.computedAt), stale: false, source: "cache" };
  }

  const startedAt = Date.now();
  // The versions read before computing are the ones stamped on the result: an invalidation that
  // lands while computing leaves the new entry already outdated, never wrongly fresh.
  const stampedVersions = versions;
  const computation = load().then(async (value) => {
    if (stampedVersions) {
      const fresh: StoredEntry = { value, computedAt: startedAt, freshUntil: startedAt + ttlSeconds * 1000, tagVersions: stampedVersions };
      await store.write(id, fresh, KEEP_LAST_GOOD_SECONDS).catch((error: unknown) => logger().warn({ err: error, key: id }, "report cache write failed"));
    }
    return value;
  });

  if (!entry) return { value: await computation, computedAt: new Date(startedAt), stale: false, source: "computed" };

  const lastGood = entry;
  const staleFigures = (): CachedFigures<T> => ({ value: lastGood.value as T, computedAt: new Date(lastGood.computedAt), stale: true, source: "stale-fallback" });
  try {
    const outcome = await Promise.race([computation, timeout(options.staleAfterMs ?? STALE_AFTER_MS)]);
    if (outcome === "timeout") {
      // Let the slow computation finish in the background and refresh the entry.
      computation.catch((error: unknown) => logger().error({ err: error, key: id }, "background report computation failed: the last good figures stay"));
      return staleFigures();
    }
    return { value: outcome as T, computedAt: new Date(startedAt), stale: false, source: "computed" };
  } catch (error) {
    logger().error({ err: error, key: id }, "report computation failed: serving the last good figures");
    return staleFigures();
  }
}

/** What a write changed: these reports of this tenant (and therefore of the all-tenants totals). */
export interface ReportChange {
  tenantId: string;
  reports: readonly ReportName[];
}

/**
 * Publishes a change: bumps the tags of the changed (tenant, report) pairs and of the
 * all-tenants totals, so the next request of those reports recomputes. Never throws — a cache
 * that cannot be reached is covered by the TTL.
 */
export async function publishReportChange(change: ReportChange): Promise<void> {
  const tags = change.reports.flatMap((report) => [reportTag(change.tenantId, report), reportTag(ALL_TENANTS, report)]);
  try {
    await reportCacheStore().bumpTags(tags);
  } catch (error) {
    logger().warn({ err: error, tags }, "report invalidation failed: the TTL will refresh these figures");
  }
}
