// The container's start step before the server: applies pending migrations with the project's
// own runner (lib/db/migrate.ts, Prisma's _prisma_migrations table and checksums) and, in demo
// mode, loads the demo data once; outside it, refuses to go on while demo accounts remain. Bundled to plain JavaScript by docker/build-entry.mjs so the
// runtime image needs neither tsx nor the Prisma CLI.
import { getEnv } from "@/lib/config/env";
import { closeDb, db } from "@/lib/db/client";
import { openConnectionWhenFree } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import { assertNoPublishedDemoUsers } from "@/lib/demo/published-demo-users";
import { seedDemoData } from "@/lib/demo/seed-demo-data";
import { simulatorBaseUrl } from "@/lib/stripe/client";
import { runScript } from "@/scripts/run-script";

runScript(async () => {
  const env = getEnv();
  const connection = await openConnectionWhenFree();
  try {
    const { applied, alreadyApplied } = await migrate(connection);
    console.log(`Database (${connection.kind}): ${applied.length} migration(s) applied, ${alreadyApplied.length} already up to date.`);
  } finally {
    await connection.close();
  }
  try {
    if (env.demoMode) {
      const result = await seedDemoData(db(), { hostedBaseUrl: simulatorBaseUrl() });
      if (result.seeded) console.log(`Demo data loaded: ${result.tenants} tenants, ${result.invoices} invoices.`);
    } else {
      // Demo accounts left from a demo run on this database would sign in with a public password.
      await assertNoPublishedDemoUsers(db(), env);
    }
  } finally {
    await closeDb();
  }
});
