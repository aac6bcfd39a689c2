// Delays: retry backoff, Retry-After, Inngest time strings.
import { describe, expect, it } from "vitest";
import { parseRetryAfter, parseTimeString, resolveWakeTime, retryDelayMs } from "../src/backoff";

const now = new Date("2026-01-01T00:00:00.000Z");

describe("retryDelayMs", () => {
  it.each([
    [0, 0, 500],
    [0, 1, 1_000],
    [1, 0, 1_000],
    [3, 1, 8_000],
    [20, 0, 300_000],
    [20, 1, 600_000],
  ])("attempt %i with random %d → %i ms", (attempt, random, expected) => {
    expect(retryDelayMs({ baseMs: 1_000, maxMs: 600_000 }, attempt, () => random)).toBe(expected);
  });
});

describe("parseTimeString", () => {
  it.each<[string, number | undefined]>([
    ["1s", 1_000],
    ["300ms", 300],
    ["2h45m", 9_900_000],
    ["1.5d", 129_600_000],
    ["1w", 604_800_000],
    ["10", undefined],
    ["1s garbage", undefined],
    ["", undefined],
  ])("%s → %s", (value, expected) => {
    expect(parseTimeString(value)).toBe(expected);
  });

  it("reads a sleep until an absolute date", () => {
    expect(resolveWakeTime("2026-01-02T00:00:00.000Z", now)).toEqual(new Date("2026-01-02T00:00:00.000Z"));
    expect(resolveWakeTime("1m", now)).toEqual(new Date("2026-01-01T00:01:00.000Z"));
    expect(resolveWakeTime("soon", now)).toBeUndefined();
  });
});

describe("parseRetryAfter", () => {
  it.each<[string | null, string | undefined]>([
    ["30", "2026-01-01T00:00:30.000Z"],
    ["2026-01-01T01:00:00Z", "2026-01-01T01:00:00.000Z"],
    ["Thu, 01 Jan 2026 00:05:00 GMT", "2026-01-01T00:05:00.000Z"],
    ["later", undefined],
    [null, undefined],
  ])("%s → %s", (header, expected) => {
    expect(parseRetryAfter(header, now)?.toISOString()).toBe(expected);
  });
});
