// npm run stripe:backfill -- --since 2026-11-01T00:00:00Z | --hours 24 [--until <ISO time>] [--all-types]
// Feeds every Stripe event of the window that the webhook inbox lacks through the normal
// pipeline (see lib/backfill). Safe to repeat. Uses the app's configuration (database, Stripe, Inngest).
import os from "node:os";
import { parseArgs } from "node:util";
import { backfillStripeEvents } from "@/lib/backfill/backfill-stripe-events";
import { parseBackfillWindow } from "@/lib/backfill/parse-window";
import { closeDb } from "@/lib/db/client";
import { attachLocalEventApi } from "@/lib/runtime/background-services";
import { runScript } from "./run-script";

runScript(async () => {
  const { values } = parseArgs({
    options: {
      since: { type: "string" },
      hours: { type: "string" },
      until: { type: "string" },
      "all-types": { type: "boolean", default: false },
    },
  });
  const window = parseBackfillWindow(values, new Date());
  // With the local driver, events go to its tables; the server's driver runs them.
  await attachLocalEventApi();
  try {
    const report = await backfillStripeEvents({ ...window, allTypes: values["all-types"], actor: `cli:${os.userInfo().username}`, source: "cli" });
    console.log(`Stripe events ${report.since} → ${report.until}`);
    console.log(`  seen             ${report.seen}`);
    console.log(`  already in inbox ${report.alreadyInInbox}`);
    console.log(`  fed              ${report.fed}`);
    if (report.queued) console.log(`  queued           ${report.queued} (stored; the inbox sweeper hands them over)`);
    console.log(`  ignored          ${report.ignored}`);
    if (report.invalid) console.log(`  invalid          ${report.invalid} (see the log)`);
    console.log(`Audit: stripe_backfill ${report.runId}`);
  } finally {
    await closeDb();
  }
});
