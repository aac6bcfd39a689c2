// The local driver's burst policy comes from the environment: what an operator sets is what the
// driver is started with, and the defaults keep acceptance first.
import { describe, expect, it } from "vitest";
import { DEFAULT_BURST_POLICY } from "@ledgerline/inngest-local-driver";
import { parseEnv } from "@/lib/config/env";
import { configuredBurstPolicy } from "@/lib/runtime/local-driver";

describe("the local driver's configured burst policy", () => {
  it("keeps acceptance first by default: the driver's own policy, one run at a time, a fifth of the time", () => {
    expect(configuredBurstPolicy(parseEnv({}))).toEqual({});
    expect(DEFAULT_BURST_POLICY).toMatchObject({ concurrency: 1, share: 0.2 });
  });

  it("overrides only what the operator set", () => {
    expect(configuredBurstPolicy(parseEnv({ LOCAL_DRIVER_BURST_SHARE: "0.5" }))).toEqual({ share: 0.5 });
  });

  it("takes the operator's concurrency and share", () => {
    const env = parseEnv({ LOCAL_DRIVER_BURST_CONCURRENCY: "4", LOCAL_DRIVER_BURST_SHARE: "0.5" });
    expect(configuredBurstPolicy(env)).toEqual({ concurrency: 4, share: 0.5 });
  });
});
