// The crash scenario shared by the pipeline suite (two kills) and the reliability suite (many).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { startStripeSimulator, type LifecycleOutcome, type StripeSimulator } from "@ledgerline/stripe-simulator";
import { closeDb, installConnection } from "@/lib/db/client";
import { openConnection } from "@/lib/db/connection";
import { simulatorWebhookSecret } from "@/lib/stripe/simulator-webhook-secret";
import { expectEventsAccountedFor } from "./pipeline-invariants";
import { createEmptyDatabase } from "./test-database";
import { freePort } from "../../scripts/lib/free-port";

const cleanups: Array<() => Promise<void> | void> = [];

export async function cleanUpCrashScenario(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!();
}


function startServer(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  // `node --import tsx` keeps the server in this one process, so SIGKILL really kills it.
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/support/pipeline-server.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  cleanups.push(() => void child.kill("SIGKILL"));
  return new Promise((resolve, reject) => {
    let errors = "";
    child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve(child));
    // Only the message lines of the child's output: its stack frames would send the test runner
    // looking for source maps of other processes' files.
    const summary = () => errors.split("\n").filter((line) => !/^\s+at /.test(line)).slice(0, 12).join("\n");
    child.on("exit", (code) => reject(new Error(`pipeline server exited (${code}) before it was ready: ${summary()}`)));
  });
}

function killed(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The pipeline server's work outstanding, from its `/status`. */
async function serverStatus(port: number): Promise<{ pendingEvents: number; activeRuns: number }> {
  return (await (await fetch(`http://127.0.0.1:${port}/status`)).json()) as { pendingEvents: number; activeRuns: number };
}

async function waitUntilIdle(sim: StripeSimulator, port: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await sim.waitForDeliveries({ timeoutMs: Math.max(1, deadline - Date.now()) });
    const status = await serverStatus(port);
    if (status.pendingEvents === 0 && status.activeRuns === 0) return;
    if (Date.now() > deadline) throw new Error(`not idle after ${timeoutMs} ms: ${JSON.stringify(status)}`);
    await sleep(100);
  }
}

/** Polls the server until it has events pending or runs active (true), or `timeoutMs` passes (false). */
async function workInFlightWithin(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await serverStatus(port);
    if (status.pendingEvents + status.activeRuns > 0) return true;
    await sleep(1);
  }
  return false;
}

/**
 * Runs lifecycles against a pipeline server in its own process and SIGKILLs it `kills` times
 * while work is in flight, restarting it each time; then checks every accepted event completed
 * exactly once and every invoice ends as Stripe has it.
 */
export async function runCrashScenario(options: { kills: number; lifecyclesPerRound: number }): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ledgerline-crash-"));
  const database = await createEmptyDatabase();
  cleanups.push(async () => {
    await database.dropDatabase();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const port = await freePort();
  const sim = await startStripeSimulator({
    port: 0,
    webhookUrl: `http://127.0.0.1:${port}/api/webhooks/stripe`,
    // The secret the server generates under its DATA_DIR (created here first, read there).
    webhookSecret: simulatorWebhookSecret(dataDir),
    // Stripe retries for days; a schedule of seconds must still outlast six restarts on a loaded
    // host, or an event whose every attempt found the server down is never accepted at all. The
    // kills come the moment work shows, so the server is up for moments between restarts and a
    // refused event is mostly accepted only after the last start: the tail reaches ~100 s.
    webhookRetryScheduleMs: [200, 400, 800, 1_600, 3_200, ...Array<number>(15).fill(6_400)],
  });
  cleanups.push(() => sim.close());
  const env = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: database.url ?? "",
    STRIPE_SIMULATOR_PORT: String(sim.port),
    RETRY_DELAY_SCALE: "0.001",
    LOG_LEVEL: "silent",
  };

  let server = await startServer(env);
  const outcomes: LifecycleOutcome[] = ["pay", "fail_then_pay", "void", "open", "uncollectible"];
  const invoices: string[] = [];
  let killedWithWorkInFlight = 0;
  for (let round = 0; round <= options.kills; round++) {
    const customer = sim.billing.createCustomer({ name: `Crash ${round}`, metadata: { ledgerline_tenant: "crash" } }).id;
    for (let i = 0; i < options.lifecyclesPerRound; i++) invoices.push(sim.simulateInvoiceLifecycle(customer, { outcome: outcomes[(round + i) % outcomes.length]! }).invoice.id);
    if (round < options.kills) {
      // Kill the moment work is seen in flight (accepted and not yet applied, or a run not
      // finished): after a fixed sleep a fast pipeline had already finished the round, and a
      // kill of an idle server proves nothing.
      if (await workInFlightWithin(port, 10_000)) killedWithWorkInFlight++;
      await killed(server, "SIGKILL");
      server = await startServer(env);
    }
  }
  await waitUntilIdle(sim, port, 60_000);
  expect(killedWithWorkInFlight).toBeGreaterThan(0);
  await killed(server, "SIGTERM");

  const prisma = installConnection(openConnection({ databaseUrl: database.url, pgliteDir: path.join(dataDir, "pglite") }));
  cleanups.push(() => closeDb());
  const accepted = [...new Set(sim.deliveries.filter((d) => d.ok).map((d) => d.eventId))];
  // An event the simulator gave up on was never accepted: that is the harness outlasted, not a loss.
  const neverAccepted = [...new Set(sim.deliveries.map((d) => d.eventId))].filter((id) => !accepted.includes(id));
  expect(neverAccepted, "events whose every delivery found the server down (the simulator stopped retrying)").toEqual([]);
  await expectEventsAccountedFor(prisma, accepted);
  for (const id of invoices) {
    const truth = sim.store.getInvoice(id)!;
    const stored = await prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: id } });
    expect({ id, status: stored.status, paid: Number(stored.amountPaid) }).toEqual({ id, status: truth.status, paid: truth.amount_paid });
  }
}
