// The one place that reads process.env. A wrong value stops start-up with a message naming
// the variable; everything else imports `env` from here.
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const booleanFlag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : ["1", "true", "yes"].includes(v)));

const stripeSecretKey = optionalString.pipe(
  z.string().regex(/^(sk|rk)_(test|live)_/, "must be a Stripe secret key (sk_test_…, sk_live_… or rk_…)").optional(),
);

/** The demo's webhook secret of earlier versions, public in the source; refused outside the demo. */
export const PUBLISHED_DEMO_WEBHOOK_SECRET = "whsec_ledgerline_demo_0000000000000000";

const appUrl = z.url({ protocol: /^https?$/, message: "must be an absolute http(s) URL such as http://localhost:3000" }).optional();

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    APP_URL: appUrl,
    DATA_DIR: z.string().min(1).default(".data"),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection string")
        .optional(),
    ),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    AUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    GITHUB_ID: optionalString,
    GITHUB_SECRET: optionalString,
    GOOGLE_CLIENT_ID: optionalString,
    GOOGLE_CLIENT_SECRET: optionalString,
    STRIPE_SECRET_KEY: stripeSecretKey,
    STRIPE_WEBHOOK_SECRET: optionalString.pipe(z.string().startsWith("whsec_", "must start with whsec_").optional()),
    STRIPE_SIMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(12111),
    INNGEST_EVENT_KEY: optionalString,
    INNGEST_SIGNING_KEY: optionalString.pipe(
      z.string().regex(/^signkey-[a-z]+-[0-9a-f]+$/i, "must look like signkey-<env>-<hex>").optional(),
    ),
    INNGEST_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    INNGEST_DEV: optionalString,
    /**
     * Origin the Inngest functions are registered under (never the request's Host header).
     * Default: the local driver's http://127.0.0.1:$PORT, or APP_URL with an Inngest server.
     */
    INNGEST_SERVE_ORIGIN: optionalString.pipe(
      z
        .url({ protocol: /^https?$/, message: "must be an origin such as https://billing.example.com" })
        .refine((v) => !URL.canParse(v) || new URL(v).href === `${new URL(v).origin}/`, "must be an origin only (scheme, host, port), without a path")
        .optional(),
    ),
    /** An event not applied, or a run not claimed, for this long counts as a stalled pipeline. */
    PIPELINE_STALL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    DEMO_MODE: booleanFlag,
    RATE_LIMIT_WEBHOOK_PER_MINUTE: z.coerce.number().int().min(1).default(12_000),
    RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().min(1).default(1_200),
    // POST /api/usage, per key: requests (a batch is one), and the increments they carry.
    RATE_LIMIT_USAGE_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(6_000),
    RATE_LIMIT_USAGE_INCREMENTS_PER_MINUTE: z.coerce.number().int().min(1).default(1_200_000),
    RATE_LIMIT_DASHBOARD_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    RATE_LIMIT_SIGNIN_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    /** Refused (unsigned, badly signed or malformed) webhook requests per client IP. */
    RATE_LIMIT_UNSIGNED_WEBHOOK_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    /** Failed sign-ins per account (normalised email) per 15 minutes before it is locked. */
    RATE_LIMIT_SIGNIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
    /** Proxies in front of the server that append to X-Forwarded-For; 0 = clients connect directly. */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    METRICS_TOKEN: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    SYNC_INTERVAL_SECONDS: z.coerce.number().int().min(60, "must be at least 60 (the cron has minute resolution)").max(86_400).default(60),
    STRIPE_RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(1).max(10_000).optional(),
    /** Bearer token Vercel Cron (or any scheduler) sends to /api/cron/*; unset = those routes refuse. */
    CRON_SECRET: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    SLACK_WEBHOOK_URL: optionalString.pipe(z.url({ protocol: /^https?$/, message: "must be a Slack incoming-webhook URL (https://hooks.slack.com/…)" }).optional()),
    DLQ_ALERT_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    DLQ_RATE_ALERT_THRESHOLD: z.coerce.number().int().min(1).max(1_000_000).default(20),
    DLQ_REPORT_RECIPIENTS: optionalString.pipe(
      z
        .string()
        .refine((v) => v.split(",").every((address) => z.email().safeParse(address.trim()).success), "must be a comma-separated list of email addresses")
        .optional(),
    ),
    SMTP_URL: optionalString.pipe(z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional()),
    /** Shared report cache across instances; unset = an in-memory cache per process. */
    REDIS_URL: optionalString.pipe(z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL").optional()),
    REPORT_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(7 * 24 * 3600).default(300),
    /**
     * While this process accepts Stripe events faster than this (per second), invoice events are
     * handed to the batch lane: one run applies up to 100 of them. Slower traffic keeps one run per
     * event, the fastest way to apply a single event, which keeps up with it. 0 = always the batch lane.
     */
    BATCH_APPLY_FROM_EVENTS_PER_SECOND: z.coerce.number().min(0).max(1_000_000).default(50),
    /**
     * Most Stripe events one batch-lane run applies (its `batchEvents.maxSize`). Inngest caps a
     * batch by plan (5 events on Free, 100 on Pro, 500 on Business) and refuses to register a
     * function above the cap, so set it to your plan's. The local driver has no cap; 500 drained
     * no faster than 100 there (docs/benchmarks.md).
     */
    STRIPE_EVENT_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(100),
    /**
     * The local driver's burst policy: while this process accepts events faster than 50 a second
     * and its event loop is at least 90 % busy, the driver keeps to this many runs at once,
     * resting so they take about this share of the time. The defaults put acceptance first (a
     * burst's backlog drains once it passes); raise both for fresher invoices during a burst at
     * the cost of acceptance throughput (docs/benchmarks.md, "The burst alone"). No effect with
     * an Inngest server. Unset, the driver's own defaults apply (DEFAULT_BURST_POLICY).
     */
    LOCAL_DRIVER_BURST_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
    LOCAL_DRIVER_BURST_SHARE: z.coerce.number().min(0.01).max(1).optional(),
    /**
     * A handed-over job (inbox event, replay) with no outcome and no failed attempt for this long
     * is taken as lost and handed over again. Longer than the longest retry delay (25 min).
     */
    INBOX_REDISPATCH_AFTER_SECONDS: z.coerce.number().int().min(60, "must be at least 60 (the sweeper runs every minute)").max(7 * 24 * 3600).default(1800),
  })
  .superRefine((v, ctx) => {
    if (v.GITHUB_ID && !v.GITHUB_SECRET) {
      ctx.addIssue({ code: "custom", path: ["GITHUB_SECRET"], message: "is required when GITHUB_ID is set" });
    }
    if (v.GOOGLE_CLIENT_ID && !v.GOOGLE_CLIENT_SECRET) {
      ctx.addIssue({ code: "custom", path: ["GOOGLE_CLIENT_SECRET"], message: "is required when GOOGLE_CLIENT_ID is set" });
    }
    if (v.STRIPE_SECRET_KEY && !v.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["STRIPE_WEBHOOK_SECRET"], message: "is required when STRIPE_SECRET_KEY is set" });
    }
    // Anyone can sign with a secret printed in the source: only the local demo may use it.
    if (v.STRIPE_WEBHOOK_SECRET === PUBLISHED_DEMO_WEBHOOK_SECRET && (v.STRIPE_SECRET_KEY || !isDemoMode(v))) {
      ctx.addIssue({ code: "custom", path: ["STRIPE_WEBHOOK_SECRET"], message: "is the published demo secret: use your endpoint's own signing secret (npm run stripe:setup prints it)" });
    }
  });

export type Env = z.infer<typeof envSchema> & {
  /** Embedded defaults: no Stripe keys, demo users and demo data. */
  demoMode: boolean;
  appUrl: string;
};

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "InvalidEnvironmentError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new InvalidEnvironmentError(
      result.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`),
    );
  }
  const v = result.data;
  return {
    ...v,
    demoMode: isDemoMode(v),
    appUrl: (v.APP_URL ?? `http://localhost:${v.PORT}`).replace(/\/$/, ""),
  };
}

let cached: Env | undefined;

/** The validated environment of this process (parsed once). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

const stripeSetupSchema = z.object({
  STRIPE_SECRET_KEY: stripeSecretKey,
  APP_URL: appUrl,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
});

/**
 * What `npm run stripe:setup` reads. Parsed on its own because the full environment requires
 * STRIPE_WEBHOOK_SECRET with a key, and that secret is what the setup creates.
 */
export function parseStripeSetupEnv(source: Record<string, string | undefined>): { STRIPE_SECRET_KEY?: string; appUrl: string } {
  const result = stripeSetupSchema.safeParse(source);
  if (!result.success) {
    throw new InvalidEnvironmentError(result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`));
  }
  const v = result.data;
  return { STRIPE_SECRET_KEY: v.STRIPE_SECRET_KEY, appUrl: (v.APP_URL ?? `http://localhost:${v.PORT}`).replace(/\/$/, "") };
}

/** Stripe writes per second the sync allows itself: the setting, else below Stripe's limit for the key's mode. */
export function stripeRateLimitPerSecond(env: Pick<Env, "STRIPE_RATE_LIMIT_PER_SECOND" | "STRIPE_SECRET_KEY">): number {
  if (env.STRIPE_RATE_LIMIT_PER_SECOND) return env.STRIPE_RATE_LIMIT_PER_SECOND;
  return /^(sk|rk)_live_/.test(env.STRIPE_SECRET_KEY ?? "") ? 100 : 25;
}

/** Demo mode: on unless set, as long as no real Stripe key is configured. */
function isDemoMode(v: { DEMO_MODE?: boolean; STRIPE_SECRET_KEY?: string }): boolean {
  return v.DEMO_MODE ?? !v.STRIPE_SECRET_KEY;
}
