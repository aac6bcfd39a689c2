// Faults on demand. API faults match calls by method and path pattern and fire for the next N calls
// or with a probability; webhook faults shape how events reach the app (duplicates, reordering,
// delays, failed first attempts); payment faults decline charges. All randomness comes from one
// seeded RNG so a fault storm replays exactly for a given seed.
import { z } from "zod";
import { randomToken } from "./ids";
import type { Rng } from "./rng";

export const apiFaultSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("rate_limit"), retryAfterSeconds: z.number().int().min(0).default(1) }),
  z.object({ kind: z.literal("server_error"), status: z.union([z.literal(500), z.literal(502), z.literal(503)]).default(500) }),
  /** Holds the response for `holdMs` (longer than the client's timeout), then drops the connection. */
  z.object({ kind: z.literal("timeout"), holdMs: z.number().int().min(0).default(30_000) }),
  z.object({ kind: z.literal("connection_reset") }),
  /** A refusal that retrying cannot fix, e.g. a write to an invoice that is no longer a draft. */
  z.object({
    kind: z.literal("invalid_request"),
    status: z.union([z.literal(400), z.literal(404)]).default(400),
    message: z.string().min(1).default("This invoice is no longer editable."),
    code: z.string().optional(),
  }),
]);
export type ApiFault = z.output<typeof apiFaultSchema>;

export const apiFaultRuleSchema = z.object({
  /** HTTP method, or "*" (default). */
  method: z.string().default("*"),
  /** `/v1/invoices/:id/pay`, `/v1/invoices/*`, `/v1/**` or "*"; `:name` and `*` match one segment. */
  path: z.string().default("*"),
  /** Fire for the next N matching calls, then expire (default: until cleared). */
  times: z.number().int().min(1).optional(),
  probability: z.number().min(0).max(1).optional(),
  /** "after": the request is processed first, then the client sees the fault (a lost response). */
  phase: z.enum(["before", "after"]).default("before"),
  fault: apiFaultSchema,
});
export type ApiFaultRuleInput = z.input<typeof apiFaultRuleSchema>;
export type ApiFaultRule = z.output<typeof apiFaultRuleSchema> & { id: string; fired: number };

const eventScope = {
  /** Apply to the next N events (default: every event until cleared). */
  events: z.number().int().min(1).optional(),
  probability: z.number().min(0).max(1).optional(),
  /** Only events of these types (`invoice.*` allowed). */
  types: z.array(z.string()).optional(),
};

export const webhookFaultsSchema = z.object({
  duplicate: z.object({ copies: z.number().int().min(2).max(20).default(2), ...eventScope }).optional(),
  reorder: z
    .object({
      batchSize: z.number().int().min(2).default(5),
      order: z.enum(["reverse", "shuffle"]).default("reverse"),
      /** A partial batch is sent after this long. */
      flushAfterMs: z.number().int().min(0).default(250),
      ...eventScope,
    })
    .optional(),
  delay: z.object({ ms: z.number().int().min(0), jitterMs: z.number().int().min(0).default(0), ...eventScope }).optional(),
  failFirstAttempts: z
    .object({
      attempts: z.number().int().min(1).default(1),
      /** Status recorded for the failed attempts. */
      status: z.number().int().min(400).max(599).default(500),
      /** Send the request anyway but count it failed: the app processes it, then Stripe retries. */
      sendAnyway: z.boolean().default(false),
      ...eventScope,
    })
    .optional(),
});
export type WebhookFaultsInput = z.input<typeof webhookFaultsSchema>;
type WebhookFaults = z.output<typeof webhookFaultsSchema>;

export const paymentFaultSchema = z.object({
  declineCode: z.string().default("generic_decline"),
  customer: z.string().optional(),
  times: z.number().int().min(1).optional(),
  probability: z.number().min(0).max(1).optional(),
});
export type PaymentFaultInput = z.input<typeof paymentFaultSchema>;
type PaymentFault = z.output<typeof paymentFaultSchema> & { id: string };

/** What happens to one event on its way to the app. */
export interface WebhookPlan {
  copies: number;
  delayMs: number;
  failAttempts: number;
  failStatus: number;
  sendAnyway: boolean;
  reorder?: { batchSize: number; order: "reverse" | "shuffle"; flushAfterMs: number };
}

function compilePath(pattern: string): RegExp {
  if (pattern === "*" || pattern === "**") return /^.*$/;
  const body = pattern
    .split("/")
    .map((segment) => {
      if (segment === "**") return ".*";
      if (segment === "*" || segment.startsWith(":")) return "[^/]+";
      return segment.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return new RegExp(`^${body}$`);
}

function matchesType(types: string[] | undefined, type: string): boolean {
  if (!types) return true;
  return types.some((t) => t === "*" || t === type || (t.endsWith(".*") && type.startsWith(t.slice(0, -1))));
}

export class FaultController {
  private apiRules: ApiFaultRule[] = [];
  private readonly patterns = new Map<string, RegExp>();
  private webhook: WebhookFaults = {};
  private paymentRules: PaymentFault[] = [];

  constructor(private readonly rng: Rng) {}

  /** Reseeds the RNG behind probabilities, shuffles and the demo stream. */
  seed(seed: number): void {
    this.rng.reseed(seed);
  }

  injectApiFault(input: ApiFaultRuleInput): string {
    const rule = apiFaultRuleSchema.parse(input);
    const id = `fault_${randomToken(12)}`;
    this.apiRules.push({ ...rule, id, fired: 0 });
    this.patterns.set(id, compilePath(rule.path));
    return id;
  }

  /** Sugar: the next `count` calls matching `path` (default every call) fail with `fault`. */
  failNextApiCalls(count: number, fault: z.input<typeof apiFaultSchema>, match: { method?: string; path?: string } = {}): string {
    return this.injectApiFault({ ...match, times: count, fault });
  }

  removeApiFault(id: string): boolean {
    const before = this.apiRules.length;
    this.apiRules = this.apiRules.filter((r) => r.id !== id);
    this.patterns.delete(id);
    return this.apiRules.length !== before;
  }

  /** Picks the fault for a call, consuming one use of a counted rule. */
  takeApiFault(method: string, path: string): { fault: ApiFault; phase: "before" | "after"; ruleId: string } | undefined {
    for (const rule of this.apiRules) {
      if (rule.method !== "*" && rule.method.toUpperCase() !== method) continue;
      if (!this.patterns.get(rule.id)?.test(path)) continue;
      if (rule.probability !== undefined && this.rng.next() >= rule.probability) continue;
      rule.fired++;
      if (rule.times !== undefined && rule.fired >= rule.times) this.removeApiFault(rule.id);
      return { fault: rule.fault, phase: rule.phase, ruleId: rule.id };
    }
    return undefined;
  }

  setWebhookFaults(input: WebhookFaultsInput): void {
    this.webhook = { ...this.webhook, ...webhookFaultsSchema.parse(input) };
  }

  clearWebhookFaults(): void {
    this.webhook = {};
  }

  declinePayments(input: PaymentFaultInput = {}): string {
    const id = `fault_${randomToken(12)}`;
    this.paymentRules.push({ ...paymentFaultSchema.parse(input), id });
    return id;
  }

  /** Returns a decline code when a payment for `customer` should fail. */
  takePaymentDecline(customer: string): string | undefined {
    for (const rule of this.paymentRules) {
      if (rule.customer && rule.customer !== customer) continue;
      if (rule.probability !== undefined && this.rng.next() >= rule.probability) continue;
      if (rule.times !== undefined) {
        rule.times -= 1;
        if (rule.times <= 0) this.paymentRules = this.paymentRules.filter((r) => r.id !== rule.id);
      }
      return rule.declineCode;
    }
    return undefined;
  }

  clear(): void {
    this.apiRules = [];
    this.patterns.clear();
    this.webhook = {};
    this.paymentRules = [];
  }

  /** Decides, once per event, how it travels to the app. */
  planWebhook(type: string): WebhookPlan {
    const plan: WebhookPlan = { copies: 1, delayMs: 0, failAttempts: 0, failStatus: 500, sendAnyway: false };
    const applies = (key: keyof WebhookFaults): boolean => {
      const scope = this.webhook[key];
      if (!scope || !matchesType(scope.types, type)) return false;
      if (scope.probability !== undefined && this.rng.next() >= scope.probability) return false;
      if (scope.events !== undefined) {
        scope.events -= 1;
        if (scope.events <= 0) this.webhook = { ...this.webhook, [key]: undefined };
      }
      return true;
    };
    const { duplicate, delay, failFirstAttempts, reorder } = this.webhook;
    if (duplicate && applies("duplicate")) plan.copies = duplicate.copies;
    if (delay && applies("delay")) plan.delayMs = delay.ms + (delay.jitterMs ? this.rng.int(0, delay.jitterMs) : 0);
    if (failFirstAttempts && applies("failFirstAttempts")) {
      plan.failAttempts = failFirstAttempts.attempts;
      plan.failStatus = failFirstAttempts.status;
      plan.sendAnyway = failFirstAttempts.sendAnyway;
    }
    if (reorder && applies("reorder")) {
      plan.reorder = { batchSize: reorder.batchSize, order: reorder.order, flushAfterMs: reorder.flushAfterMs };
    }
    return plan;
  }

  describe(): { api: ApiFaultRule[]; webhooks: WebhookFaults; payments: PaymentFault[] } {
    return {
      api: this.apiRules.map((rule) => ({ ...rule })),
      webhooks: this.webhook,
      payments: this.paymentRules,
    };
  }
}
