import { afterAll, describe, it } from "vitest";
import { cleanUpCrashScenario, runCrashScenario } from "../support/crash-scenario";

afterAll(cleanUpCrashScenario);

describe("crash recovery", () => {
  it("completes every accepted event exactly once when the server is SIGKILLed mid-run, twice", async () => {
    await runCrashScenario({ kills: 2, lifecyclesPerRound: 6 });
  }, 120_000);
});
