// npm start — the two-command demo: validates the environment, builds the app when its sources
// changed, applies migrations, loads the demo data once (demo mode), then runs the standalone
// server the build produced (the same one the container runs). With --dev it runs `next dev`.
import { spawn } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { getEnv } from "@/lib/config/env";
import { closeDb, db } from "@/lib/db/client";
import { openConnection } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import { assertNoPublishedDemoUsers } from "@/lib/demo/published-demo-users";
import { seedDemoData } from "@/lib/demo/seed-demo-data";
import { simulatorBaseUrl } from "@/lib/stripe/client";
import { ensureBuild, standaloneServer } from "./lib/standalone-build";
import { runScript } from "./run-script";

const nextBin = path.resolve("node_modules/next/dist/bin/next");

runScript(async () => {
  const env = getEnv();
  const dev = process.argv.includes("--dev");
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    NEXTAUTH_URL: env.appUrl,
    PORT: String(env.PORT),
    // The standalone server runs from its own directory: keep the data where the user expects it.
    DATA_DIR: path.resolve(env.DATA_DIR),
  };

  if (!dev) ensureBuild(childEnv);

  const connection = openConnection();
  try {
    const { applied } = await migrate(connection);
    console.log(`Database (${connection.kind}): ${applied.length} migration(s) applied.`);
  } finally {
    await connection.close();
  }
  try {
    if (env.demoMode) {
      const result = await seedDemoData(db(), { hostedBaseUrl: simulatorBaseUrl() });
      if (result.seeded) console.log(`Demo data loaded: ${result.tenants} tenants, ${result.invoices} invoices.`);
    } else {
      await assertNoPublishedDemoUsers(db(), env);
    }
  } finally {
    await closeDb();
  }

  console.log(`Ledgerline on ${env.appUrl}${env.demoMode ? " (demo mode: sign-in accounts are listed on the sign-in page)" : ""}`);
  // The preload puts each socket's address into X-Forwarded-For, where the rate limits find it.
  const preload = ["--import", pathToFileURL(path.resolve("docker/append-socket-address.mjs")).href];
  const command = dev ? [...preload, nextBin, "dev", "-p", String(env.PORT)] : [...preload, standaloneServer];
  const child = spawn(process.execPath, command, { stdio: "inherit", env: { ...childEnv, NODE_ENV: dev ? "development" : "production" } });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  await new Promise<void>((resolve, reject) =>
    child.on("exit", (code, signal) => (code === 0 || signal ? resolve() : reject(new Error(`next exited with code ${code}`)))),
  );
});
