// What an Inngest client needs from a local driver in its process, without loading the driver:
// the driver fills in this object when it starts, the client's fetch override reads it. The
// caller owns the object (the app keeps one per process on globalThis), so several drivers in
// one test process can each have their own.

/** A request the Inngest client addressed to the driver, already read: its body is small JSON text. */
export interface LocalDriverCall {
  method: string;
  pathname: string;
  headers: Headers;
  body: string;
}

export interface LocalDriverLink {
  signingKey?: string;
  /** Origin of the serve endpoint the driver calls; the only origin it registers functions on. */
  serveOrigin?: string;
  /** Wakes the driver; `newEvents` says how many events just arrived (it watches for bursts). */
  wake?: (newEvents?: number) => void;
  /** Answers the driver's event API: event ingestion and out-of-band sync. */
  handleCall?: (call: LocalDriverCall) => Promise<Response>;
}

/** Reads a `Request` into a call (for callers that hold a web `Request`). */
export async function callFromRequest(request: Request): Promise<LocalDriverCall> {
  const { pathname } = new URL(request.url);
  return { method: request.method, pathname, headers: request.headers, body: await request.text() };
}
