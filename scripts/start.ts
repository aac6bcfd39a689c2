// npm start — the two-command demo: validates the environment, builds the app when its sources
// changed, applies migrations, loads the demo data once (demo mode), then runs the standalone
// server the build produced (the same one the container runs). With --dev it runs `next dev`.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/config/env";
import { closeDb, db } from "@/lib/db/client";
import { openConnection } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import { seedDemoData } from "@/lib/demo/seed-demo-data";
import { simulatorBaseUrl } from "@/lib/stripe/client";
import { runScript } from "./run-script";

const SOURCES = ["app", "components", "lib", "inngest", "public", "proxy.ts", "instrumentation.ts", "next.config.ts", "package.json", "postcss.config.mjs", "prisma/schema.prisma"];
const nextBin = path.resolve("node_modules/next/dist/bin/next");

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((newest, child) => Math.max(newest, newestMtime(path.join(entry, child))), stat.mtimeMs);
}

function buildIsStale(): boolean {
  const buildId = path.resolve(".next/BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(source) > built);
}

function build(env: NodeJS.ProcessEnv): void {
  const result = spawnSync("npm", ["run", "build"], { stdio: "inherit", env });
  if (result.status !== 0) throw new Error(`The build failed (exit code ${result.status}).`);
}

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

  if (!dev && buildIsStale()) {
    console.log("Building Ledgerline (first start, or sources changed)…");
    build({ ...childEnv, NODE_ENV: "production" });
  }

  const connection = openConnection();
  try {
    const { applied } = await migrate(connection);
    console.log(`Database (${connection.kind}): ${applied.length} migration(s) applied.`);
  } finally {
    await connection.close();
  }
  if (env.demoMode) {
    const result = await seedDemoData(db(), { hostedBaseUrl: simulatorBaseUrl() });
    if (result.seeded) console.log(`Demo data loaded: ${result.tenants} tenants, ${result.invoices} invoices.`);
    await closeDb();
  }

  console.log(`Ledgerline on ${env.appUrl}${env.demoMode ? " (demo mode: sign-in accounts are listed on the sign-in page)" : ""}`);
  const command = dev ? [nextBin, "dev", "-p", String(env.PORT)] : [path.resolve(".next/standalone/server.js")];
  const child = spawn(process.execPath, command, { stdio: "inherit", env: { ...childEnv, NODE_ENV: dev ? "development" : "production" } });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  await new Promise<void>((resolve, reject) =>
    child.on("exit", (code, signal) => (code === 0 || signal ? resolve() : reject(new Error(`next exited with code ${code}`)))),
  );
});
