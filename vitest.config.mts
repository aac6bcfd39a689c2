// npm test / npm run test:pg — the default suite.
import { defineConfig } from "vitest/config";
import { env, resolve } from "./vitest.shared.mts";

export default defineConfig({
  resolve,
  test: {
    include: ["tests/**/*.test.ts", "lib/**/*.test.ts", "inngest/**/*.test.ts"],
    exclude: ["tests/e2e/**", "tests/reliability/**", "tests/**/*.deploy.test.ts", "node_modules/**"],
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env,
  },
});
