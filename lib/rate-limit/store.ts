// Where rate-limit counters live: in this process by default, in Redis when configured so every
// instance shares one budget.
import type Redis from "ioredis";

export interface WindowCounts {
  /** Hits in the current fixed window, this one included. */
  current: number;
  /** Hits in the window before it. */
  previous: number;
}

export interface RateLimitStore {
  /**
   * Records `count` hits (one unless told; zero only reads) for `key` in the window starting at
   * `windowStart` and returns the counts.
   */
  hit(key: string, windowStart: number, windowMs: number, count?: number): Promise<WindowCounts>;
}

export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { start: number; current: number; previous: number }>();

  async hit(key: string, windowStart: number, windowMs: number, count = 1): Promise<WindowCounts> {
    let entry = this.windows.get(key);
    if (!entry || entry.start < windowStart - windowMs) entry = { start: windowStart, current: 0, previous: 0 };
    else if (entry.start < windowStart) entry = { start: windowStart, current: 0, previous: entry.current };
    entry.current += count;
    this.windows.set(key, entry);
    if (this.windows.size > 50_000) this.evictOlderThan(windowStart - windowMs);
    return { current: entry.current, previous: entry.previous };
  }

  private evictOlderThan(start: number) {
    for (const [key, entry] of this.windows) if (entry.start < start) this.windows.delete(key);
  }
}

export class RedisRateLimitStore implements RateLimitStore {
  constructor(private readonly redis: Redis) {}

  async hit(key: string, windowStart: number, windowMs: number, count = 1): Promise<WindowCounts> {
    const currentKey = `ratelimit:${key}:${windowStart}`;
    const previousKey = `ratelimit:${key}:${windowStart - windowMs}`;
    const results = await this.redis.multi().incrby(currentKey, count).pexpire(currentKey, windowMs * 2).get(previousKey).exec();
    // exec() reports a failed command in its result, not by rejecting: a failure must not read as zero.
    const failed = results?.find(([error]) => error)?.[0];
    if (!results || failed) throw failed ?? new Error("Redis discarded the rate-limit transaction.");
    return { current: Number(results[0]?.[1] ?? count), previous: Number(results[2]?.[1] ?? 0) };
  }
}

/**
 * Counts in `primary` (Redis) and, while it is unreachable, in this process instead: a limit
 * holds per instance rather than not at all. Each hit tries the primary first, so counting
 * returns to it as soon as it answers. One warning per outage, one notice when it ends.
 */
export class FallbackRateLimitStore implements RateLimitStore {
  private readonly local = new MemoryRateLimitStore();
  private down = false;

  constructor(
    private readonly primary: RateLimitStore,
    private readonly log: { warn(details: object, message: string): void; info(details: object, message: string): void },
  ) {}

  async hit(key: string, windowStart: number, windowMs: number, count = 1): Promise<WindowCounts> {
    try {
      const counts = await this.primary.hit(key, windowStart, windowMs, count);
      if (this.down) {
        this.down = false;
        this.log.info({}, "rate limit store reachable again; counting there");
      }
      return counts;
    } catch (error) {
      if (!this.down) {
        this.down = true;
        this.log.warn({ err: error }, "rate limit store unreachable; counting in this process until it is back");
      }
      return this.local.hit(key, windowStart, windowMs, count);
    }
  }
}
