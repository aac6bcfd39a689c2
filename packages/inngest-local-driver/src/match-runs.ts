// Which runs a stored event starts: the registered functions whose triggers (and `if`) match it,
// each run carrying its idempotency key, or the batch it joins for a batchEvents function.
import { randomUUID } from "node:crypto";
import type { CompiledTrigger, RegisteredFunction } from "./registration";
import { SCHEDULED_TIMER_EVENT } from "./scheduler";
import type { JsonObject, NewRun, StoredEvent } from "./store";

function idempotencyKeyOf(value: unknown): string | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function batchKeyOf(fn: RegisteredFunction, vars: { event: JsonObject }): string | undefined {
  if (!fn.batch) return undefined;
  return fn.batch.key ? JSON.stringify(fn.batch.key(vars) ?? null) : "";
}

type EventTrigger = Extract<CompiledTrigger, { kind: "event" }>;

/** Event names a TriggerIndex remembers at most: they are the app's own, but a sender picks them. */
const TRIGGER_INDEX_NAMES = 1_000;

/**
 * The functions an event name can start, each with its triggers for that name, found once per
 * name rather than once per event: a fan-out of thousands of events over dozens of functions
 * otherwise tests (and allocates a closure for) every function's triggers for every event.
 */
export class TriggerIndex {
  private readonly byName = new Map<string, { fn: RegisteredFunction; triggers: EventTrigger[] }[]>();

  constructor(readonly functions: RegisteredFunction[]) {}

  candidates(eventName: string): { fn: RegisteredFunction; triggers: EventTrigger[] }[] {
    let found = this.byName.get(eventName);
    if (!found) {
      found = this.functions.flatMap((fn) => {
        const triggers = fn.triggers.filter((t): t is EventTrigger => t.kind === "event" && t.matches(eventName));
        return triggers.length ? [{ fn, triggers }] : [];
      });
      if (this.byName.size >= TRIGGER_INDEX_NAMES) this.byName.clear();
      this.byName.set(eventName, found);
    }
    return found;
  }
}

/**
 * The runs an event starts: one per function whose trigger (and `if`) matches it. For a
 * batchEvents function the run carries the batch the event joins instead (see flushBatches).
 */
export function matchRuns(event: StoredEvent, index: TriggerIndex): NewRun[] {
  const vars = { event: event.payload };
  const matched =
    event.name === SCHEDULED_TIMER_EVENT
      ? index.functions.filter((fn) => fn.id === (event.payload.data as JsonObject | undefined)?.fn && fn.triggers.some((t) => t.kind === "cron"))
      : index
          .candidates(event.name)
          .filter(({ triggers }) => triggers.some((t) => !t.condition || t.condition(vars) === true))
          .map(({ fn }) => fn);
  return matched.map((fn) => ({
    id: randomUUID(),
    functionId: fn.id,
    maxAttempts: fn.maxAttempts,
    idempotencyKey: fn.idempotency ? idempotencyKeyOf(fn.idempotency(vars)) : undefined,
    batchKey: batchKeyOf(fn, vars),
    batchMaxSize: fn.batch?.maxSize,
  }));
}
