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
  /**
   * The serve endpoint's POST handler, when the app that serves it runs in this process and put
   * it here: the driver hands it each function call directly instead of over loopback HTTP. The
   * SDK checks the call's signature and signs its answer all the same.
   */
  serveInProcess?: (request: InProcessServeRequest) => Promise<Response>;
}

/**
 * A function call handed to the serve handler in-process: the parts of a request the SDK's
 * handler reads (a URL, a method, headers, the body as text), without a web Request's streams.
 */
export interface InProcessServeRequest {
  url: string;
  method: "POST";
  headers: Headers;
  text(): Promise<string>;
}

/** Reads a `Request` into a call (for callers that hold a web `Request`). */
export async function callFromRequest(request: Request): Promise<LocalDriverCall> {
  const { pathname } = new URL(request.url);
  return { method: request.method, pathname, headers: request.headers, body: await request.text() };
}
