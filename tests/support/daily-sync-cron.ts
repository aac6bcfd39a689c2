// Imported first by test files that run the billing sync themselves and count what it pushes: the
// served sync's cron (every minute by default) firing between a test's writes and its own sync
// would push them first. Moved to once a day before any later import reads the environment, and
// restored when the file is done.
import { afterAll } from "vitest";

const before = process.env.SYNC_INTERVAL_SECONDS;
process.env.SYNC_INTERVAL_SECONDS = "86400";

afterAll(() => {
  if (before === undefined) delete process.env.SYNC_INTERVAL_SECONDS;
  else process.env.SYNC_INTERVAL_SECONDS = before;
});
