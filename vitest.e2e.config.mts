// npm run test:e2e — browser end-to-end tests against the standalone build in demo mode.
import { defineConfig } from "vitest/config";
import { env, resolve } from "./vitest.shared.mts";

export default defineConfig({
  resolve,
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    env,
  },
});
