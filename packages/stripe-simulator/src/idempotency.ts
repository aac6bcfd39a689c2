// Stripe's idempotency layer: the first response for a key is saved; the same key with the same
// endpoint and params replays it, with different ones it is a 400 idempotency_error. Keys expire
// after 24 hours.
import { StripeApiError } from "./errors";
import type { FormObject, FormValue } from "./form";
import type { IdempotentResult, SimulatorStore } from "./store";

const KEY_TTL_MS = 24 * 60 * 60 * 1000;

function canonical(value: FormValue): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
}

export function fingerprint(method: string, path: string, params: FormObject): string {
  return `${method} ${path} ${canonical(params)}`;
}

export type IdempotencyLookup = { kind: "miss" } | { kind: "replay"; result: IdempotentResult };

export function lookupIdempotent(store: SimulatorStore, key: string, print: string, nowMs: number): IdempotencyLookup {
  const saved = store.idempotency.get(key);
  if (!saved || nowMs - saved.savedAt > KEY_TTL_MS) return { kind: "miss" };
  if (saved.fingerprint !== print) {
    throw new StripeApiError(
      400,
      "idempotency_error",
      `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      { validation: true },
    );
  }
  return { kind: "replay", result: saved };
}

export function saveIdempotent(store: SimulatorStore, result: IdempotentResult): void {
  for (const [key, saved] of store.idempotency) {
    if (result.savedAt - saved.savedAt > KEY_TTL_MS) store.idempotency.delete(key);
  }
  store.idempotency.set(result.key, result);
  store.touch();
}
