// npm run db:migrate — applies pending SQL migrations to the configured database.
import { openConnectionWhenFree } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import { runScript } from "./run-script";

runScript(async () => {
  const connection = await openConnectionWhenFree();
  try {
    const { applied, alreadyApplied } = await migrate(connection);
    for (const name of applied) console.log(`applied   ${name}`);
    console.log(`${applied.length} migration(s) applied, ${alreadyApplied.length} already up to date (${connection.kind}).`);
  } finally {
    await connection.close();
  }
});
