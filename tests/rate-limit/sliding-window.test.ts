import { describe, expect, it } from "vitest";
import { checkRateLimit, rateLimitHeaders } from "@/lib/rate-limit/sliding-window";
import { MemoryRateLimitStore } from "@/lib/rate-limit/store";

const policy = { name: "test", limit: 10, windowMs: 60_000 };
const t0 = 1_800_000_000_000 - (1_800_000_000_000 % 60_000);

async function hits(store: MemoryRateLimitStore, count: number, at: number, identity = "a") {
  let last;
  for (let i = 0; i < count; i++) last = await checkRateLimit(store, policy, identity, at);
  return last!;
}

describe("sliding-window rate limit", () => {
  it.each([
    ["the limit itself is allowed", 10, true, 0],
    ["one more is refused", 11, false, 0],
  ])("%s", async (_name, count, allowed, remaining) => {
    const decision = await hits(new MemoryRateLimitStore(), count, t0 + 1_000);
    expect(decision.allowed).toBe(allowed);
    expect(decision.remaining).toBe(remaining);
  });

  it("weighs the previous window by how much of it still overlaps", async () => {
    const store = new MemoryRateLimitStore();
    await hits(store, 10, t0 + 59_000);
    // A quarter into the next window, 75% of the previous 10 hits still count: 7.5 + 3 > 10.
    expect((await hits(store, 2, t0 + 60_000 + 15_000)).allowed).toBe(true);
    expect((await hits(store, 1, t0 + 60_000 + 15_000)).allowed).toBe(false);
    // Three quarters in, only 2.5 of them count.
    expect((await hits(store, 4, t0 + 60_000 + 45_000)).allowed).toBe(true);
  });

  it("keeps separate budgets per identity", async () => {
    const store = new MemoryRateLimitStore();
    await hits(store, 11, t0, "tenant-a");
    expect((await hits(store, 1, t0, "tenant-b")).allowed).toBe(true);
  });

  it("tells a refused client when to come back, in headers", async () => {
    const decision = await hits(new MemoryRateLimitStore(), 11, t0 + 20_000);
    const headers = rateLimitHeaders(decision);
    expect(headers["X-RateLimit-Limit"]).toBe("10");
    expect(headers["X-RateLimit-Remaining"]).toBe("0");
    expect(Number(headers["Retry-After"])).toBeGreaterThan(0);
    expect(Number(headers["Retry-After"])).toBeLessThanOrEqual(40);
  });
});
