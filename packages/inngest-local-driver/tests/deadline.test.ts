// A request's deadline: it fires after a garbage collection (an AbortSignal.timeout() combined
// with AbortSignal.any() was collected and never fired, so a hung call was waited on for ever),
// it carries an abort of any signal it was given, and it is silent once cleared.
import { describe, expect, it } from "vitest";
import { collectGarbage } from "../../../tests/support/collect-garbage";
import { deadline } from "../src/deadline";

/** What a request waiting on `signal` ends with: the abort reason's name, or "still waiting" after `ms`. */
function outcomeWithin(signal: AbortSignal, ms: number): Promise<string> {
  const aborted = new Promise<string>((resolve) => signal.addEventListener("abort", () => resolve((signal.reason as Error).name), { once: true }));
  return Promise.race([aborted, new Promise<string>((resolve) => setTimeout(() => resolve("still waiting"), ms))]);
}

describe("deadline", () => {
  it("aborts at its expiry even when a garbage collection ran while the request waited", async () => {
    const stop = new AbortController();
    const { signal } = deadline(300, stop.signal);
    const outcome = outcomeWithin(signal, 1_500);
    await new Promise((resolve) => setTimeout(resolve, 50));
    collectGarbage();
    expect(await outcome).toBe("TimeoutError");
    expect(stop.signal.aborted).toBe(false);
  });

  it("aborts with the reason of a signal it was given, before its expiry", async () => {
    const stop = new AbortController();
    const { signal, clear } = deadline(60_000, stop.signal);
    const outcome = outcomeWithin(signal, 1_000);
    stop.abort(new DOMException("stopped", "AbortError"));
    expect(await outcome).toBe("AbortError");
    clear();
  });

  it("stays quiet once cleared", async () => {
    const { signal, clear } = deadline(100);
    clear();
    expect(await outcomeWithin(signal, 400)).toBe("still waiting");
  });
});
