// The compiled sync's token bucket, on a virtual clock: bursts, refill, order and Stripe's pauses.
import { describe, expect, it } from "vitest";
import { TokenBucket } from "@/lib/billing-sync/token-bucket";

/** A clock that only moves when the bucket sleeps; records every sleep. */
function virtualClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

describe("TokenBucket", () => {
  it.each<[string, number, number | undefined, number, number]>([
    // name, rate per second, capacity, acquires, virtual ms elapsed
    ["a full bucket serves its burst at once", 25, undefined, 25, 0],
    ["beyond the burst, tokens come at the rate", 25, undefined, 50, 1_000],
    ["a capacity of 1 spaces every call", 10, 1, 5, 400],
    ["a fractional rate waits whole milliseconds", 3, 1, 4, 1_002],
    ["a larger capacity allows a larger burst", 5, 20, 20, 0],
  ])("%s", async (_name, rate, capacity, acquires, expectedMs) => {
    const clock = virtualClock();
    const bucket = new TokenBucket({ ratePerSecond: rate, capacity, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < acquires; i++) await bucket.acquire();
    expect(clock.now()).toBe(expectedMs);
  });

  it("never holds more than its capacity after a long idle time", async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, now: clock.now, sleep: clock.sleep });
    clock.advance(60_000);
    for (let i = 0; i < 11; i++) await bucket.acquire();
    expect(clock.now()).toBe(60_100);
  });

  it("pauses everyone for Stripe's Retry-After, then starts from an empty bucket", async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, now: clock.now, sleep: clock.sleep });
    bucket.pause(2_000);
    await bucket.acquire();
    expect(clock.now()).toBe(2_100);
    expect(clock.sleeps[0]).toBe(2_000);
  });

  it("a later, shorter pause does not shorten an earlier one", async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket({ ratePerSecond: 100, capacity: 1, now: clock.now, sleep: clock.sleep });
    bucket.pause(5_000);
    bucket.pause(1_000);
    await bucket.acquire();
    expect(clock.now()).toBeGreaterThanOrEqual(5_000);
  });

  it("hands tokens out in arrival order", async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket({ ratePerSecond: 2, capacity: 1, now: clock.now, sleep: clock.sleep });
    const served: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => bucket.acquire().then(() => served.push(i))));
    expect(served).toEqual([0, 1, 2, 3]);
  });
});
