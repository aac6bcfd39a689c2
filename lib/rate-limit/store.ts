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
  /** Records one hit for `key` in the window starting at `windowStart` and returns the counts. */
  hit(key: string, windowStart: number, windowMs: number): Promise<WindowCounts>;
}

export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { start: number; current: number; previous: number }>();

  async hit(key: string, windowStart: number, windowMs: number): Promise<WindowCounts> {
    let entry = this.windows.get(key);
    if (!entry || entry.start < windowStart - windowMs) entry = { start: windowStart, current: 0, previous: 0 };
    else if (entry.start < windowStart) entry = { start: windowStart, current: 0, previous: entry.current };
    entry.current++;
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

  async hit(key: string, windowStart: number, windowMs: number): Promise<WindowCounts> {
    const currentKey = `ratelimit:${key}:${windowStart}`;
    const previousKey = `ratelimit:${key}:${windowStart - windowMs}`;
    const results = await this.redis.multi().incr(currentKey).pexpire(currentKey, windowMs * 2).get(previousKey).exec();
    const current = Number(results?.[0]?.[1] ?? 1);
    const previous = Number(results?.[2]?.[1] ?? 0);
    return { current, previous };
  }
}
