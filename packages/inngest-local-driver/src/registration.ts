// Function registration: the configs the SDK reports when synced (the same JSON Inngest Cloud and
// the dev server receive), checked against what this driver can honour, and stored.
import { Cron } from "croner";
import { z } from "zod";
import type { SqlSession } from "./sql";
import { parseTimeString } from "./backoff";
import { compileExpression, ExpressionError, type CompiledExpression } from "./expressions";

/** Inngest's default when a function sets no `retries`: 4 retries after the first attempt. */
export const DEFAULT_RETRIES = 4;

export class RegistrationError extends Error {
  constructor(readonly problems: string[]) {
    super(`The local Inngest driver cannot register these functions:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "RegistrationError";
  }
}

const triggerSchema = z.union([
  z.object({ event: z.string().min(1), expression: z.string().optional() }).strict(),
  z.object({ cron: z.string().min(1), jitter: z.string().optional() }).strict(),
]);

const functionConfigSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().optional(),
    triggers: z.array(triggerSchema),
    steps: z.object({
      step: z.object({
        id: z.string(),
        name: z.string(),
        runtime: z.object({ type: z.string(), url: z.string() }),
        retries: z.object({ attempts: z.number().int().min(0).optional() }).optional(),
      }),
    }),
    idempotency: z.string().optional(),
  })
  // Flow-control options the driver does not implement arrive as extra keys; refused below.
  .catchall(z.unknown());

export type FunctionConfig = z.infer<typeof functionConfigSchema>;

/** Keys of a function config that only carry metadata, or that compileOne handles itself. */
const IGNORED_KEYS = new Set(["id", "name", "triggers", "steps", "idempotency", "concurrency", "batchEvents"]);

const concurrencySchema = z.union([
  z.number().int().min(1),
  z.array(z.object({ limit: z.number().int().min(0), key: z.string().optional(), scope: z.string().optional() })),
]);

/** A function-wide concurrency limit; keyed or account-scoped limits are not supported. */
function compileConcurrency(value: unknown, where: string, problems: string[]): number | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = concurrencySchema.safeParse(value);
  if (!parsed.success) {
    problems.push(`${where}: concurrency: unreadable option`);
    return undefined;
  }
  if (typeof parsed.data === "number") return parsed.data;
  const limits: number[] = [];
  for (const entry of parsed.data) {
    if (entry.key || (entry.scope && entry.scope !== "fn")) problems.push(`${where}: concurrency keys and scopes are not supported by the local driver`);
    else if (entry.limit > 0) limits.push(entry.limit);
  }
  return limits.length ? Math.min(...limits) : undefined;
}

const batchEventsSchema = z.object({ maxSize: z.number().int().min(1), timeout: z.string(), key: z.string().optional(), if: z.string().optional() }).strict();

/** The batch timeouts Inngest accepts: a function that syncs here must also sync there. */
const MIN_BATCH_TIMEOUT_MS = 1_000;
const MAX_BATCH_TIMEOUT_MS = 60_000;

export interface BatchPolicy {
  maxSize: number;
  timeoutMs: number;
  /** Events whose key evaluates to different values are batched separately. */
  key?: CompiledExpression;
}

/** `batchEvents: { maxSize, timeout, key? }`; a batch `if` is refused, never silently ignored. */
function compileBatching(config: FunctionConfig, where: string, problems: string[]): BatchPolicy | undefined {
  if (config.batchEvents === undefined || config.batchEvents === null) return undefined;
  const parsed = batchEventsSchema.safeParse(config.batchEvents);
  if (!parsed.success) {
    problems.push(`${where}: batchEvents: unreadable option (${parsed.error.issues.map((issue) => `${issue.path.join(".") || "value"}: ${issue.message}`).join("; ")})`);
    return undefined;
  }
  const { maxSize, timeout, key, if: condition } = parsed.data;
  const before = problems.length;
  if (condition !== undefined) problems.push(`${where}: batchEvents.if is not supported by the local driver`);
  // Inngest does not combine them either: an idempotency key is evaluated per event, a batch run has many.
  if (config.idempotency) problems.push(`${where}: batchEvents cannot be combined with idempotency (a batch run has many events, an idempotency key belongs to one)`);
  const timeoutMs = parseTimeString(timeout);
  if (timeoutMs === undefined || timeoutMs < MIN_BATCH_TIMEOUT_MS || timeoutMs > MAX_BATCH_TIMEOUT_MS) {
    problems.push(`${where}: batchEvents.timeout ${JSON.stringify(timeout)} is not a duration from "1s" to "60s", the range Inngest accepts`);
  }
  let compiledKey: CompiledExpression | undefined;
  try {
    compiledKey = key ? compileExpression(key) : undefined;
  } catch (error) {
    problems.push(`${where}: batchEvents.key: ${(error as Error).message}`);
  }
  return problems.length > before || timeoutMs === undefined ? undefined : { maxSize, timeoutMs, key: compiledKey };
}

export type CompiledTrigger =
  | { kind: "event"; name: string; matches: (eventName: string) => boolean; condition?: CompiledExpression }
  | { kind: "cron"; cron: string };

export interface RegisteredFunction {
  id: string;
  name: string;
  url: string;
  maxAttempts: number;
  triggers: CompiledTrigger[];
  idempotency?: CompiledExpression;
  /** Runs of this function executing at once, at most (per driver instance claim). */
  concurrencyLimit?: number;
  /** batchEvents: matching events wait in a batch that becomes one run. */
  batch?: BatchPolicy;
  config: FunctionConfig;
}

/** `stripe/*` matches every event under `stripe/`; anything else matches exactly. */
function eventMatcher(pattern: string): (eventName: string) => boolean {
  if (pattern.endsWith("*")) {
    const prefix = pattern.slice(0, -1);
    return (eventName) => eventName.startsWith(prefix);
  }
  return (eventName) => eventName === pattern;
}

/** `TZ=Europe/Paris 0 9 * * *` (Inngest's form) or a plain 5/6-field pattern. */
export function parseCron(cron: string): Cron {
  const zoned = /^(?:TZ|CRON_TZ)=(\S+)\s+(.+)$/.exec(cron.trim());
  return zoned ? new Cron(zoned[2], { timezone: zoned[1], paused: true }) : new Cron(cron.trim(), { paused: true });
}

function compileOne(config: FunctionConfig, problems: string[]): RegisteredFunction | undefined {
  const before = problems.length;
  const where = `function ${JSON.stringify(config.id)}`;
  for (const key of Object.keys(config)) {
    if (!IGNORED_KEYS.has(key) && config[key] !== undefined && config[key] !== null) {
      problems.push(`${where}: option "${key}" is not supported by the local driver`);
    }
  }
  if (config.steps.step.runtime.type !== "http") problems.push(`${where}: only HTTP runtimes are supported`);
  const concurrencyLimit = compileConcurrency(config.concurrency, where, problems);
  const batch = compileBatching(config, where, problems);

  const triggers: CompiledTrigger[] = [];
  for (const trigger of config.triggers) {
    try {
      if ("cron" in trigger) {
        if (trigger.jitter) problems.push(`${where}: cron jitter is not supported`);
        parseCron(trigger.cron);
        triggers.push({ kind: "cron", cron: trigger.cron });
      } else {
        if (trigger.event.slice(0, -1).includes("*")) problems.push(`${where}: only a trailing * wildcard is supported in ${trigger.event}`);
        triggers.push({
          kind: "event",
          name: trigger.event,
          matches: eventMatcher(trigger.event),
          condition: trigger.expression ? compileExpression(trigger.expression) : undefined,
        });
      }
    } catch (error) {
      problems.push(`${where}: ${error instanceof ExpressionError ? error.message : `invalid trigger: ${(error as Error).message}`}`);
    }
  }

  let idempotency: CompiledExpression | undefined;
  try {
    idempotency = config.idempotency ? compileExpression(config.idempotency) : undefined;
  } catch (error) {
    problems.push(`${where}: idempotency: ${(error as Error).message}`);
  }
  if (problems.length > before) return undefined;
  return {
    id: config.id,
    name: config.name ?? config.id,
    url: config.steps.step.runtime.url,
    maxAttempts: (config.steps.step.retries?.attempts ?? DEFAULT_RETRIES) + 1,
    triggers,
    idempotency,
    concurrencyLimit,
    batch,
    config,
  };
}

/** Validates a sync's function list; throws RegistrationError naming every problem. */
export function compileFunctions(rawConfigs: unknown): RegisteredFunction[] {
  const parsed = z.array(functionConfigSchema).safeParse(rawConfigs);
  if (!parsed.success) {
    throw new RegistrationError(parsed.error.issues.map((issue) => `functions.${issue.path.join(".")}: ${issue.message}`));
  }
  const problems: string[] = [];
  const compiled = parsed.data.map((config) => compileOne(config, problems));
  if (problems.length) throw new RegistrationError(problems);
  return compiled.filter((fn): fn is RegisteredFunction => fn !== undefined);
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * Refuses function URLs off the driver's own serve origin: the driver posts every run, signed, to
 * the registered URL, so a foreign one would take the pipeline with it.
 */
export function assertOnServeOrigin(functions: RegisteredFunction[], serveOrigin: string): void {
  const problems = functions
    .filter((fn) => originOf(fn.url) !== serveOrigin)
    .map((fn) => `function ${JSON.stringify(fn.id)}: URL ${fn.url} is not on the serve origin ${serveOrigin}`);
  if (problems.length) throw new RegistrationError(problems);
}

/** Replaces the app's registered functions and reconciles cron schedules, keeping due times. */
export async function saveRegistration(db: SqlSession, appId: string, functions: RegisteredFunction[], now = new Date()): Promise<void> {
  for (const fn of functions) {
    await db.query(
      `INSERT INTO "inngest_functions" ("id", "app_id", "name", "url", "config", "max_attempts", "synced_at")
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, now())
       ON CONFLICT ("id") DO UPDATE SET "app_id" = $2, "name" = $3, "url" = $4, "config" = $5::jsonb,
         "max_attempts" = $6, "synced_at" = now()`,
      [fn.id, appId, fn.name, fn.url, JSON.stringify(fn.config), fn.maxAttempts],
    );
    const crons = fn.triggers.flatMap((trigger) => (trigger.kind === "cron" ? [trigger.cron] : []));
    await db.query(
      `DELETE FROM "inngest_schedules" WHERE "function_id" = $1
         AND "cron" NOT IN (SELECT jsonb_array_elements_text($2::jsonb))`,
      [fn.id, JSON.stringify(crons)],
    );
    for (const cron of crons) {
      const next = parseCron(cron).nextRun(now);
      if (!next) continue;
      // An existing schedule keeps its due time, so a re-sync or restart neither skips nor repeats a tick.
      await db.query(
        `INSERT INTO "inngest_schedules" ("function_id", "cron", "next_tick_at") VALUES ($1, $2, $3)
         ON CONFLICT ("function_id", "cron") DO NOTHING`,
        [fn.id, cron, next],
      );
    }
  }
  await db.query(
    `DELETE FROM "inngest_functions" WHERE "app_id" = $1 AND "id" NOT IN (SELECT jsonb_array_elements_text($2::jsonb))`,
    [appId, JSON.stringify(functions.map((fn) => fn.id))],
  );
}

/** Every registered function, compiled for matching. */
export async function loadFunctions(db: SqlSession): Promise<RegisteredFunction[]> {
  const rows = await db.query<{ config: unknown }>(`SELECT "config" FROM "inngest_functions" ORDER BY "id"`);
  const functions: RegisteredFunction[] = [];
  for (const row of rows) {
    try {
      functions.push(...compileFunctions([row.config]));
    } catch {
      // Stored configs were valid when synced; one from an older driver version is skipped, not fatal.
    }
  }
  return functions;
}
