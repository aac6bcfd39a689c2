// HTTP control plane under /_simulator/ so another process (the app, an e2e runner, a shell) can
// set faults, read counters and deliveries, run scenarios and start the demo stream.
import { z } from "zod";
import { startDemoActivity, type DemoActivity } from "./demo-activity";
import { apiFaultRuleSchema, paymentFaultSchema, webhookFaultsSchema } from "./faults";
import type { StripeSimulator } from "./simulator";

export interface ControlAnswer {
  status: number;
  body: object;
}

const lifecycleSchema = z.object({
  customer: z.string(),
  outcome: z.enum(["open", "pay", "fail", "fail_then_pay", "void", "uncollectible"]),
  currency: z.string().optional(),
  items: z.array(z.object({ amount: z.number().int(), description: z.string().optional() })).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

const demoSchema = z.object({
  intervalMs: z.number().int().min(10).optional(),
  customers: z.array(z.string()).optional(),
  failureRate: z.number().min(0).max(1).optional(),
  seed: z.number().int().optional(),
});

const demos = new WeakMap<StripeSimulator, DemoActivity>();

function parseJson(raw: string): unknown {
  if (raw.trim() === "") return {};
  return JSON.parse(raw);
}

export async function handleControl(sim: StripeSimulator, method: string, path: string, rawBody: string): Promise<ControlAnswer> {
  const route = `${method.toUpperCase()} ${path.replace(/\/$/, "")}`;
  try {
    const body = parseJson(rawBody);
    switch (route) {
      case "GET /_simulator/health":
        return { status: 200, body: { ok: true, url: sim.url } };
      case "GET /_simulator/faults":
        return { status: 200, body: sim.faults.describe() };
      case "DELETE /_simulator/faults":
        sim.faults.clear();
        return { status: 200, body: { cleared: true } };
      case "POST /_simulator/faults/api":
        return { status: 200, body: { id: sim.faults.injectApiFault(apiFaultRuleSchema.parse(body)) } };
      case "POST /_simulator/faults/webhooks":
        sim.faults.setWebhookFaults(webhookFaultsSchema.parse(body));
        return { status: 200, body: sim.faults.describe().webhooks };
      case "DELETE /_simulator/faults/webhooks":
        sim.faults.clearWebhookFaults();
        return { status: 200, body: { cleared: true } };
      case "POST /_simulator/faults/payments":
        return { status: 200, body: { id: sim.faults.declinePayments(paymentFaultSchema.parse(body)) } };
      case "POST /_simulator/seed":
        sim.faults.seed(z.object({ seed: z.number().int() }).parse(body).seed);
        return { status: 200, body: { ok: true } };
      case "GET /_simulator/calls":
        return { status: 200, body: { total: sim.calls.total(), byRoute: sim.calls.byRoute() } };
      case "POST /_simulator/calls/reset":
        sim.calls.reset();
        return { status: 200, body: { ok: true } };
      case "GET /_simulator/deliveries":
        return { status: 200, body: { deliveries: sim.deliveries } };
      case "POST /_simulator/deliveries/wait": {
        const { timeoutMs } = z.object({ timeoutMs: z.number().int().min(0).optional() }).parse(body);
        await sim.waitForDeliveries({ timeoutMs });
        return { status: 200, body: { idle: true } };
      }
      case "POST /_simulator/scenarios/invoice-lifecycle": {
        const { customer, ...options } = lifecycleSchema.parse(body);
        const result = sim.simulateInvoiceLifecycle(customer, options);
        return { status: 200, body: { invoice: result.invoice, events: result.events.map((e) => ({ id: e.id, type: e.type })) } };
      }
      case "POST /_simulator/demo/start": {
        demos.get(sim)?.stop();
        demos.set(sim, startDemoActivity(sim, demoSchema.parse(body)));
        return { status: 200, body: { running: true } };
      }
      case "POST /_simulator/demo/stop":
        demos.get(sim)?.stop();
        demos.delete(sim);
        return { status: 200, body: { running: false } };
      case "POST /_simulator/invoices/overdue": {
        const invoices = sim.billing.emitOverdueInvoices();
        return { status: 200, body: { overdue: invoices.map((invoice) => invoice.id) } };
      }
      case "POST /_simulator/state/flush":
        await sim.flushState();
        return { status: 200, body: { ok: true } };
    }
    const faultMatch = /^DELETE \/_simulator\/faults\/api\/([\w-]+)$/.exec(route);
    if (faultMatch) return { status: 200, body: { removed: sim.faults.removeApiFault(faultMatch[1]) } };
    return { status: 404, body: { error: { type: "invalid_request_error", message: `Unknown control route ${route}` } } };
  } catch (error) {
    if (error instanceof z.ZodError || error instanceof SyntaxError) {
      return { status: 400, body: { error: { type: "invalid_request_error", message: error.message } } };
    }
    if (error instanceof Error) return { status: 400, body: { error: { type: "invalid_request_error", message: error.message } } };
    throw error;
  }
}

/** Stops the demo stream started over HTTP, if any (called on close). */
export function stopControlledDemo(sim: StripeSimulator): void {
  demos.get(sim)?.stop();
  demos.delete(sim);
}
