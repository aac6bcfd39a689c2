import { afterAll, describe, it } from "vitest";
import { cleanUpCrashScenario, runCrashScenario } from "../support/crash-scenario";

afterAll(cleanUpCrashScenario);

describe("crash recovery under repeated SIGKILL", () => {
  it("completes every accepted event exactly once across six kills during processing", async () => {
    await runCrashScenario({ kills: 6, lifecyclesPerRound: 10 });
  }, 300_000);
});
