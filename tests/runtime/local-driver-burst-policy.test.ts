// The local driver's burst policy comes from the environment: what an operator sets is what the
// driver is started with, and the defaults keep acceptance first.
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { configuredBurstPolicy } from "@/lib/runtime/local-driver";

describe("the local driver's configured burst policy", () => {
  it("keeps acceptance first by default: one run at a time, a fifth of the time", () => {
    expect(configuredBurstPolicy(parseEnv({}))).toEqual({ concurrency: 1, share: 0.2 });
  });

  it("takes the operator's concurrency and share", () => {
    const env = parseEnv({ LOCAL_DRIVER_BURST_CONCURRENCY: "4", LOCAL_DRIVER_BURST_SHARE: "0.5" });
    expect(configuredBurstPolicy(env)).toEqual({ concurrency: 4, share: 0.5 });
  });
});
