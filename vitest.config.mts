// npm test / npm run test:pg — the default suite.
import { defineConfig } from "vitest/config";
import { env, resolve } from "./vitest.shared.mts";

export default defineConfig({
  resolve,
  test: {
    include: ["tests/**/*.test.ts", "lib/**/*.test.ts", "inngest/**/*.test.ts", "packages/**/*.test.ts"],
    // tests/services needs the machine's Redis: npm run test:pg sets REDIS_URL and includes it.
    exclude: ["tests/e2e/**", "tests/reliability/**", "tests/**/*.deploy.test.ts", "node_modules/**", ...(process.env.REDIS_URL ? [] : ["tests/services/**"])],
    environment: "node",
    // The Inngest client's local event API, as instrumentation attaches it in the server.
    setupFiles: ["tests/support/local-event-api.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env,
  },
});
