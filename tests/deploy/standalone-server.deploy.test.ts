// The container's start path, run here without Docker: the standalone build (reused when newer
// than the sources), the bundled migration step and the server, started by docker/entrypoint.sh
// from the standalone directory with the environment the Dockerfile's runtime stage sets plus
// what compose.yaml passes (PostgreSQL, AUTH_SECRET, a self-hosted Inngest URL).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyDatabase } from "../support/test-database";
import { freePort } from "../../scripts/lib/free-port";

const root = path.resolve(__dirname, "../..");
const standalone = path.join(root, ".next/standalone");
const SOURCES = ["app", "components", "lib", "inngest", "public", "proxy.ts", "instrumentation.ts", "next.config.ts", "package.json", "postcss.config.mjs", "prisma/schema"];

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((newest, child) => Math.max(newest, newestMtime(path.join(entry, child))), stat.mtimeMs);
}

function buildIsStale(): boolean {
  const buildId = path.join(standalone, "server.js");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(root, source)) > built);
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(command, args, { cwd: options.cwd ?? root, env: options.env ?? process.env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** ENV of the Dockerfile's last stage, and its HEALTHCHECK command. */
function readDockerfile(): { env: Record<string, string>; healthcheck: string[] } {
  const text = fs.readFileSync(path.join(root, "Dockerfile"), "utf8").replace(/\\\n\s*/g, " ");
  const runtime = text.slice(text.lastIndexOf("\nFROM "));
  const env: Record<string, string> = {};
  for (const line of runtime.split("\n").filter((l) => l.startsWith("ENV "))) {
    for (const [, key, value] of line.slice(4).matchAll(/([A-Z_]+)=(\S+)/g)) env[key] = value;
  }
  const healthcheck = JSON.parse(/HEALTHCHECK .*?CMD (\[.*\])/.exec(runtime)![1]) as string[];
  return { env, healthcheck };
}


let server: ChildProcess | undefined;
let output = "";
let origin = "";
let containerEnv: NodeJS.ProcessEnv = { NODE_ENV: "production" };
let database: Awaited<ReturnType<typeof createEmptyDatabase>> | undefined;
let databaseUrl = "";
const dockerfile = readDockerfile();

beforeAll(async () => {
  if (buildIsStale()) run("npm", ["run", "build"], { env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } });
  run(process.execPath, ["docker/build-entry.mjs"]);

  process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
  database = await createEmptyDatabase();
  databaseUrl = database.url!;
  const [port, simulatorPort, closedPort] = await Promise.all([freePort(), freePort(), freePort()]);
  origin = `http://127.0.0.1:${port}`;
  containerEnv = {
    PATH: process.env.PATH,
    ...dockerfile.env,
    NODE_ENV: "production",
    // Overridden only where this machine differs from a container: a free port, a writable data dir.
    PORT: String(port),
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "ledgerline-deploy-")),
    // What compose.yaml passes to the app service.
    APP_URL: origin,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: "5",
    AUTH_SECRET: "deploy-test-secret-0123456789abcdef0123456789",
    INNGEST_EVENT_KEY: "deploy-test-event-key",
    INNGEST_SIGNING_KEY: "signkey-prod-0123456789abcdef0123456789abcdef",
    INNGEST_BASE_URL: `http://127.0.0.1:${closedPort}`,
    STRIPE_SIMULATOR_PORT: String(simulatorPort),
    LOG_LEVEL: "warn",
  };

  server = spawn("/bin/sh", ["docker/entrypoint.sh"], { cwd: standalone, env: containerEnv, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the container start exited with ${server.exitCode}:\n${output}`);
    const ok = await fetch(`${origin}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the server did not answer /api/health within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  if (containerEnv.DATA_DIR) fs.rmSync(containerEnv.DATA_DIR, { recursive: true, force: true });
  await database?.dropDatabase();
});

describe("the container start path", () => {
  it("runs with the runtime stage's production environment", () => {
    expect(dockerfile.env).toMatchObject({ NODE_ENV: "production", HOSTNAME: "0.0.0.0", PORT: "3000", DATA_DIR: "/data" });
  });

  it("applied every migration before serving, recorded the Prisma way", async () => {
    const migrations = fs.readdirSync(path.join(root, "prisma/migrations"), { withFileTypes: true }).filter((e) => e.isDirectory()).length;
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ applied: string }>(`SELECT count(*)::text AS applied FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
      expect(Number(rows[0].applied)).toBe(migrations);
    } finally {
      await client.end();
    }
    expect(output).toMatch(new RegExp(`${migrations} migration\\(s\\) applied`));
  });

  it("answers the liveness endpoint and the HEALTHCHECK command succeeds", async () => {
    const response = await fetch(`${origin}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
    const [command, ...args] = dockerfile.healthcheck;
    const check = spawnSync(command === "node" ? process.execPath : command, args, { env: containerEnv });
    expect(check.status).toBe(0);
  });

  it("serves the sign-in page", async () => {
    const response = await fetch(`${origin}/signin`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/Sign in/i);
  });

  it("finds nothing to apply on the next start (restart or second replica)", () => {
    const again = run(process.execPath, ["docker/prepare-database.mjs"], { cwd: standalone, env: containerEnv });
    expect(again).toMatch(/0 migration\(s\) applied/);
  });
});
