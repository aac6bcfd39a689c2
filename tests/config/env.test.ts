import { describe, expect, it } from "vitest";
import { InvalidEnvironmentError, parseEnv } from "@/lib/config/env";

describe("environment configuration", () => {
  it("runs on embedded defaults with nothing set", () => {
    const env = parseEnv({});
    expect(env.demoMode).toBe(true);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(env.appUrl).toBe("http://localhost:3000");
    expect(env.BATCH_APPLY_FROM_EVENTS_PER_SECOND).toBe(50);
    // Inngest Pro's cap; other plans set theirs.
    expect(env.STRIPE_EVENT_BATCH_SIZE).toBe(100);
    // Unset: the local driver's own burst policy applies (tests/runtime/local-driver-burst-policy.test.ts).
    expect([env.LOCAL_DRIVER_BURST_CONCURRENCY, env.LOCAL_DRIVER_BURST_SHARE]).toEqual([undefined, undefined]);
  });

  it("reads the local driver's burst policy", () => {
    const env = parseEnv({ LOCAL_DRIVER_BURST_CONCURRENCY: "4", LOCAL_DRIVER_BURST_SHARE: "1" });
    expect([env.LOCAL_DRIVER_BURST_CONCURRENCY, env.LOCAL_DRIVER_BURST_SHARE]).toEqual([4, 1]);
  });

  it("leaves demo mode when Stripe keys are configured", () => {
    const env = parseEnv({ STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_WEBHOOK_SECRET: "whsec_abc" });
    expect(env.demoMode).toBe(false);
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", STRIPE_SECRET_KEY: "" }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ DATABASE_URL: "mysql://localhost/db" }, "DATABASE_URL"],
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ APP_URL: "localhost:3000" }, "APP_URL"],
    [{ STRIPE_SECRET_KEY: "pk_test_abc", STRIPE_WEBHOOK_SECRET: "whsec_x" }, "STRIPE_SECRET_KEY"],
    [{ STRIPE_SECRET_KEY: "sk_test_abc" }, "STRIPE_WEBHOOK_SECRET"],
    [{ AUTH_SECRET: "short" }, "AUTH_SECRET"],
    [{ GITHUB_ID: "abc" }, "GITHUB_SECRET"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ INNGEST_SERVE_ORIGIN: "billing.example.com" }, "INNGEST_SERVE_ORIGIN"],
    [{ INNGEST_SERVE_ORIGIN: "https://billing.example.com/api/inngest" }, "INNGEST_SERVE_ORIGIN"],
    [{ PIPELINE_STALL_SECONDS: "0" }, "PIPELINE_STALL_SECONDS"],
    [{ BATCH_APPLY_FROM_EVENTS_PER_SECOND: "-1" }, "BATCH_APPLY_FROM_EVENTS_PER_SECOND"],
    [{ BATCH_APPLY_FROM_EVENTS_PER_SECOND: "many" }, "BATCH_APPLY_FROM_EVENTS_PER_SECOND"],
    [{ STRIPE_EVENT_BATCH_SIZE: "0" }, "STRIPE_EVENT_BATCH_SIZE"],
    [{ STRIPE_EVENT_BATCH_SIZE: "501" }, "STRIPE_EVENT_BATCH_SIZE"],
    [{ STRIPE_EVENT_BATCH_SIZE: "2.5" }, "STRIPE_EVENT_BATCH_SIZE"],
    [{ LOCAL_DRIVER_BURST_CONCURRENCY: "0" }, "LOCAL_DRIVER_BURST_CONCURRENCY"],
    [{ LOCAL_DRIVER_BURST_CONCURRENCY: "1.5" }, "LOCAL_DRIVER_BURST_CONCURRENCY"],
    [{ LOCAL_DRIVER_BURST_SHARE: "0" }, "LOCAL_DRIVER_BURST_SHARE"],
    [{ LOCAL_DRIVER_BURST_SHARE: "2" }, "LOCAL_DRIVER_BURST_SHARE"],
  ])("a wrong value stops start-up naming the variable: %o", (source, variable) => {
    expect(() => parseEnv(source)).toThrow(InvalidEnvironmentError);
    expect(() => parseEnv(source)).toThrow(new RegExp(variable));
  });
});
