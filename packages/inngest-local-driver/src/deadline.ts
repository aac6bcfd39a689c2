// A deadline for one request that fires even after a garbage collection. Node's AbortSignal.any()
// holds its source signals weakly and nothing else holds an AbortSignal.timeout(), so once one is
// collected the combined signal never aborts: a call that hung was waited on for ever (Node 20).
// Here the pending timer holds the controller that aborts.

export interface Deadline {
  /** Aborts when any of the given signals does, or `ms` after the deadline was set. */
  signal: AbortSignal;
  /** Stops the timer once the request has ended. */
  clear(): void;
}

export function deadline(ms: number, ...signals: AbortSignal[]): Deadline {
  const expiry = new AbortController();
  const timer = setTimeout(() => expiry.abort(new DOMException(`The request took longer than ${ms} ms`, "TimeoutError")), ms);
  timer.unref();
  return { signal: AbortSignal.any([...signals, expiry.signal]), clear: () => clearTimeout(timer) };
}
