// Settings every vitest configuration of the project shares.
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));

export const resolve = {
  alias: {
    "@": root,
    // Server-only marker modules throw outside React's server build; tests are server code.
    "server-only": path.join(root, "tests/support/server-only.ts"),
  },
};

export const env = { NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "silent", METRICS_TOKEN: "test-metrics-token-0123456789" };
