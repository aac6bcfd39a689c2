// Shared by the HTTP benchmarks: a throwaway PostgreSQL database, the standalone server started
// on it (the container's path), and signed Stripe events.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { signatureHeader } from "@ledgerline/stripe-simulator";
import { openConnection, type SqlConnection } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import { freePort } from "../lib/free-port";
import { processCpuMillis } from "./process-stats";
import { ensureBuild, standaloneServer } from "../lib/standalone-build";

/** The bench server's endpoint secret: its events are signed as Stripe signs a real endpoint's. */
export const BENCH_WEBHOOK_SECRET = `whsec_${randomBytes(24).toString("hex")}`;

export const BASE_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


/** The tenants the drain benchmark spreads its invoices over, each with its own bench customer. */
export const BENCH_TENANTS = 4;
export const benchCustomer = (tenant: number) => `cus_bench_${tenant}`;

async function admin(baseUrl: string, statement: string) {
  const client = new Client({ connectionString: baseUrl });
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

/** A throwaway database on the server at `baseUrl`; `drop` removes it, connections and all. */
export async function createBenchDatabase(prefix = "ledgerline_bench", baseUrl = BASE_URL): Promise<{ databaseUrl: string; drop(): Promise<void> }> {
  const dbName = `${prefix}_${Date.now()}`;
  await admin(baseUrl, `CREATE DATABASE ${dbName}`);
  const url = new URL(baseUrl);
  url.pathname = `/${dbName}`;
  return { databaseUrl: url.toString(), drop: () => admin(baseUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`) };
}

/** Whether any accepted event is not applied yet: stops at the first such row instead of counting them all. */
export const ANY_PENDING_SQL = `SELECT EXISTS (SELECT 1 FROM webhook_inbox WHERE status IN ('received', 'dispatched')) AS any`;

const BURST_POLICY_VARIABLES = ["LOCAL_DRIVER_BURST_CONCURRENCY", "LOCAL_DRIVER_BURST_SHARE"];

/** The local driver's burst policy variables this shell sets, for the app under benchmark (docs/operations.md). */
export function burstPolicyEnv(): Record<string, string> {
  return Object.fromEntries(BURST_POLICY_VARIABLES.flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])));
}

export interface BenchServer {
  origin: string;
  databaseUrl: string;
  connection: SqlConnection;
  process: ChildProcess;
  /** CPU time the server process has used so far (user + system), in ms; undefined off Linux. */
  cpuMillis(): number | undefined;
  stop(): Promise<void>;
}

/** Migrates a fresh database, lets `prepare` fill it, then starts the standalone server on it. */
export async function startBenchServer(
  prepare: (connection: SqlConnection, databaseUrl: string) => Promise<void>,
  extraEnv: Record<string, string> = {},
  /** A fixed port for the server (default: any free one). */
  fixedPort?: number,
): Promise<BenchServer> {
  ensureBuild();
  const { databaseUrl, drop: dropDatabase } = await createBenchDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ledgerline-bench-"));
  const connection = openConnection({ databaseUrl, poolSize: 4 });
  await migrate(connection);
  await prepare(connection, databaseUrl);

  const port = fixedPort ?? (await freePort());
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server under load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, standaloneServer], {
    // The environment a container gives the server: its own settings, not this shell's variables.
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      APP_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: "20",
      DATA_DIR: dataDir,
      DEMO_MODE: "0",
      STRIPE_WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET,
      LOG_LEVEL: "warn",
      STRIPE_SIMULATOR_PORT: String(await freePort()),
      AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0000",
      // The benchmarks measure the server, not the rate limiter.
      RATE_LIMIT_WEBHOOK_PER_MINUTE: "10000000",
      RATE_LIMIT_API_PER_MINUTE: "10000000",
      RATE_LIMIT_DASHBOARD_PER_MINUTE: "10000000",
      ...burstPolicyEnv(),
      ...extraEnv,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (await fetch(`${origin}/api/health`).then((r) => r.ok, () => false)) break;
    if (i > 150 || child.exitCode !== null) throw new Error("the server did not start");
    await sleep(200);
  }
  await sleep(3_000); // let the local driver sync its functions
  return {
    origin,
    databaseUrl,
    connection,
    process: child,
    cpuMillis: () => processCpuMillis(child.pid),
    async stop() {
      // A server still draining its backlog would load the next benchmark's cores: make sure it is gone.
      const gone = () => child.exitCode !== null || child.signalCode !== null;
      const exited = new Promise<void>((resolve) => (gone() ? resolve() : child.once("exit", () => resolve())));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(5_000)]);
      if (!gone()) child.kill("SIGKILL");
      await Promise.race([exited, sleep(2_000)]);
      await connection.close();
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let sequence = 0;

/** A signed Stripe invoice event, for the bench customer `cus_bench` unless another is given. */
export function signedInvoiceEvent(type: string, invoiceId: string, status: "draft" | "open" | "paid", created: number, customer = "cus_bench") {
  sequence++;
  const body = JSON.stringify({
    id: `evt_bench_${process.pid}_${sequence}`,
    object: "event",
    type,
    api_version: "2025-01-01",
    created,
    livemode: false,
    data: {
      object: {
        object: "invoice",
        id: invoiceId,
        customer,
        number: null,
        status,
        currency: "usd",
        subtotal: 4900,
        total: 4900,
        amount_due: 4900,
        amount_paid: status === "paid" ? 4900 : 0,
        amount_remaining: status === "paid" ? 0 : 4900,
        period_start: created - 86_400,
        period_end: created,
        created,
        lines: { data: [{ id: `il_${invoiceId}`, description: "Plan", quantity: 1, amount: 4900, currency: "usd" }] },
      },
    },
  });
  return { body, headers: { "content-type": "application/json", "stripe-signature": signatureHeader(body, BENCH_WEBHOOK_SECRET) } };
}

export function nextSequence(): number {
  return sequence;
}

export const BENCH_TENANT_SQL = `
  INSERT INTO tenants (id, slug, name) VALUES ('00000000-0000-0000-0000-0000000000be', 'bench', 'Bench');
  INSERT INTO customers (tenant_id, stripe_customer_id, name) VALUES ('00000000-0000-0000-0000-0000000000be', 'cus_bench', 'Bench');`;
