// The deploy test: builds (or reuses) the standalone output and starts it the way the container
// does. Slow, so outside `npm test`:  npx vitest run --config tests/deploy/vitest.config.mts
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { env, resolve } from "../../vitest.shared.mts";

export default defineConfig({
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../.."),
  resolve,
  test: {
    include: ["tests/**/*.deploy.test.ts"],
    environment: "node",
    pool: "forks",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 600_000,
    env,
  },
});
