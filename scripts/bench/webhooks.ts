// npm run bench:webhooks — signed-webhook throughput and latency against the standalone server on
// PostgreSQL, beside a bare route (/api/health) on the same server with the same load tool, plus
// how long an accepted webhook takes to change the invoice through the local driver.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { Client } from "pg";
import { openConnection } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import { DEMO_WEBHOOK_SECRET } from "@/lib/stripe/client";
import { signatureHeader } from "@/lib/stripe/simulator";
import { ensureBuild, standaloneServer } from "../lib/standalone-build";
import { runScript } from "../run-script";

const BASE_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const DURATION = Number(process.env.BENCH_DURATION_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const LATENCY_SAMPLES = 40;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function admin(statement: string) {
  const client = new Client({ connectionString: BASE_URL });
  await client.connect();
  await client.query(statement);
  await client.end();
}

let sequence = 0;
function invoiceEvent(type: string, invoiceId: string, status: "draft" | "open" | "paid", created: number) {
  sequence++;
  return JSON.stringify({
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
        customer: "cus_bench",
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
}

function signed(body: string) {
  return { "content-type": "application/json", "stripe-signature": signatureHeader(body, DEMO_WEBHOOK_SECRET) };
}

function summary(result: autocannon.Result) {
  return { reqPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

runScript(async () => {
  ensureBuild();
  const dbName = `ledgerline_bench_${Date.now()}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ledgerline-bench-"));
  const connection = openConnection({ databaseUrl, poolSize: 2 });
  await migrate(connection);
  await connection.exec(`
    INSERT INTO tenants (id, slug, name) VALUES ('00000000-0000-0000-0000-0000000000be', 'bench', 'Bench');
    INSERT INTO customers (tenant_id, stripe_customer_id, name) VALUES ('00000000-0000-0000-0000-0000000000be', 'cus_bench', 'Bench');`);

  const port = await freePort();
  const server = spawn(process.execPath, [standaloneServer], {
    env: { ...process.env, PORT: String(port), HOSTNAME: "127.0.0.1", DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: "20", DATA_DIR: dataDir, DEMO_MODE: "0", LOG_LEVEL: "warn", STRIPE_SIMULATOR_PORT: String(await freePort()), NODE_ENV: "production", AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0000" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const origin = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      const ok = await fetch(`${origin}/api/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (i > 150) throw new Error("the server did not start");
      await sleep(200);
    }
    await sleep(3_000); // let the local driver sync its functions

    console.log(`\nLoad: ${CONNECTIONS} connections × ${DURATION}s each, ${os.cpus().length} cores\n`);
    const bare = await autocannon({ url: `${origin}/api/health`, connections: CONNECTIONS, duration: DURATION });
    const now = Math.floor(Date.now() / 1000);
    const webhook = await autocannon({
      url: `${origin}/api/webhooks/stripe`,
      connections: CONNECTIONS,
      duration: DURATION,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => {
            const body = invoiceEvent("invoice.updated", `in_load_${sequence % 500}`, "open", now + sequence);
            return { ...request, body, headers: signed(body) };
          },
        },
      ],
    });

    // Accepted → applied: one webhook at a time, timed until the invoice row shows its effect.
    const pg = new Client({ connectionString: databaseUrl });
    await pg.connect();
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const invoiceId = `in_latency_${i}`;
      const body = invoiceEvent("invoice.paid", invoiceId, "paid", Math.floor(Date.now() / 1000));
      const started = performance.now();
      const response = await fetch(`${origin}/api/webhooks/stripe`, { method: "POST", body, headers: signed(body) });
      if (!response.ok) throw new Error(`webhook answered ${response.status}`);
      for (;;) {
        const rows = await pg.query("SELECT 1 FROM invoices WHERE stripe_invoice_id = $1 AND status = 'paid'", [invoiceId]);
        if (rows.rowCount) break;
        if (performance.now() - started > 30_000) throw new Error(`${invoiceId} was not applied within 30 s`);
        await sleep(5);
      }
      latencies.push(performance.now() - started);
    }
    await pg.end();
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;

    const b = summary(bare);
    const w = summary(webhook);
    console.table({ "bare route (GET /api/health)": b, "signed webhook (POST /api/webhooks/stripe)": w });
    console.log(`webhook/bare throughput: ${(w.reqPerSec / b.reqPerSec).toFixed(2)}× (target ≥ 0.5×)`);
    console.log(`webhook p99 / bare p99: ${(w.p99 / Math.max(1, b.p99)).toFixed(2)}× (target ≤ 3×)`);
    console.log(`accepted → applied: median ${pct(0.5).toFixed(0)} ms, p95 ${pct(0.95).toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms over ${LATENCY_SAMPLES} webhooks (target median ≤ 1000 ms)`);
  } finally {
    server.kill("SIGTERM");
    await sleep(500);
    await connection.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
