// Builds the app when its sources are newer than the last build (npm start and the benchmarks
// both serve the standalone build).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "inngest", "packages", "public", "proxy.ts", "instrumentation.ts", "next.config.ts", "package.json", "postcss.config.mjs", "prisma/schema"];

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((newest, child) => Math.max(newest, newestMtime(path.join(entry, child))), stat.mtimeMs);
}

export function buildIsStale(): boolean {
  const buildId = path.resolve(".next/standalone/.next/BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(source) > built);
}

export function ensureBuild(env: NodeJS.ProcessEnv = process.env): void {
  if (!buildIsStale()) return;
  console.log("Building Ledgerline (first start, or sources changed)…");
  const result = spawnSync("npm", ["run", "build"], { stdio: "inherit", env: { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) throw new Error(`The build failed (exit code ${result.status}).`);
}

export const standaloneServer = path.resolve(".next/standalone/server.js");
