// Shared fixtures: a simulator on a random port, the real `stripe` SDK pointed at it, and a
// webhook receiver that records what arrives (raw body + signature) and answers as told.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll } from "vitest";
import { startStripeSimulator, type StripeSimulator, type StripeSimulatorOptions } from "../src";

export const WEBHOOK_SECRET = "whsec_test_simulator_secret";

export function stripeClient(sim: StripeSimulator, options: { timeout?: number; maxNetworkRetries?: number } = {}): Stripe {
  return new Stripe("sk_test_simulator", {
    host: "127.0.0.1",
    port: sim.port,
    protocol: "http",
    maxNetworkRetries: options.maxNetworkRetries ?? 0,
    timeout: options.timeout,
    telemetry: false,
  });
}

export interface ReceivedWebhook {
  body: string;
  signature: string;
  eventId: string;
  type: string;
  receivedAt: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Status for the next requests, in order; afterwards 200. */
  respondWith(...statuses: number[]): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let queue: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const parsed = JSON.parse(body) as { id: string; type: string };
      received.push({
        body,
        signature: String(req.headers["stripe-signature"] ?? ""),
        eventId: parsed.id,
        type: parsed.type,
        receivedAt: Date.now(),
      });
      res.writeHead(queue.shift() ?? 200, { "Content-Type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/webhooks/stripe`,
    received,
    respondWith: (...statuses) => {
      queue = statuses;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function startSimulator(options: Partial<StripeSimulatorOptions> = {}): Promise<StripeSimulator> {
  return startStripeSimulator({
    port: 0,
    webhookSecret: WEBHOOK_SECRET,
    webhookRetryScheduleMs: [20, 40, 80],
    webhookTimeoutMs: 1_000,
    ...options,
  });
}

/** A simulator and an SDK client pointed at it for the tests of one file: started before them, closed after. */
export function simulatorForFile(): { readonly sim: StripeSimulator; readonly stripe: Stripe } {
  let sim: StripeSimulator | undefined;
  let stripe: Stripe | undefined;
  beforeAll(async () => {
    sim = await startSimulator();
    stripe = stripeClient(sim);
  });
  afterAll(async () => sim?.close());
  const started = <T,>(value: T | undefined): T => {
    if (value === undefined) throw new Error("The simulator is started before the file's tests run.");
    return value;
  };
  return {
    get sim() {
      return started(sim);
    },
    get stripe() {
      return started(stripe);
    },
  };
}
