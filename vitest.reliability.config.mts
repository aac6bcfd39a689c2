// npm run test:reliability — the long-running suites (storms, outages, crashes) on PostgreSQL.
import { defineConfig } from "vitest/config";
import { env, resolve } from "./vitest.shared.mts";

export default defineConfig({
  resolve,
  test: {
    include: ["tests/reliability/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
    env,
  },
});
