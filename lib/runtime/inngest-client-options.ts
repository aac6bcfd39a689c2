// Which Inngest runs the functions, and how the Inngest client reaches the local driver when no
// Inngest server is configured: events and syncs the SDK would POST to Inngest's API are answered
// in-process by the driver's event API (a fetch override on an origin that never resolves), and
// the client verifies calls with the driver's signing key. With INNGEST_EVENT_KEY, INNGEST_BASE_URL
// or INNGEST_DEV set, the options are returned untouched and the SDK talks to the real server.
import type { ClientOptions } from "inngest";
import type { Env } from "@/lib/config/env";
import { localDriverLink } from "./local-driver-link";

/** Reserved `.invalid` origin: a request that escaped the fetch override could never leave the host. */
export const LOCAL_DRIVER_ORIGIN = "http://inngest-driver.invalid";
const LOCAL_EVENT_KEY = "local-driver";

type InngestServerEnv = Pick<Env, "INNGEST_EVENT_KEY" | "INNGEST_BASE_URL" | "INNGEST_DEV">;

export function isLocalDriverEnabled(env: InngestServerEnv): boolean {
  return !env.INNGEST_EVENT_KEY && !env.INNGEST_BASE_URL && !env.INNGEST_DEV;
}

/**
 * INNGEST_SERVE_ORIGIN; else, with the local driver, the origin the driver in this process calls
 * (http://127.0.0.1:$PORT when started by the server); else APP_URL. It comes from configuration,
 * never from a request: the SDK would otherwise build the function URLs from the Host header of
 * whoever asked it to sync.
 */
export function inngestServeOrigin(env: InngestServerEnv & Pick<Env, "INNGEST_SERVE_ORIGIN" | "PORT" | "appUrl">): string {
  if (env.INNGEST_SERVE_ORIGIN) return new URL(env.INNGEST_SERVE_ORIGIN).origin;
  if (isLocalDriverEnabled(env)) return localDriverLink().serveOrigin ?? `http://127.0.0.1:${env.PORT}`;
  return new URL(env.appUrl).origin;
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/** The Inngest client's fetch: calls to the driver's origin go to the event API in this process. */
export async function localDriverFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = input instanceof Request ? input.url : String(input);
  if (!url.startsWith(`${LOCAL_DRIVER_ORIGIN}/`)) return fetch(input, init);
  const handleCall = localDriverLink().handleCall;
  // Like an Inngest server that is down: the send fails and the inbox sweeper sends it again.
  if (!handleCall) return jsonResponse(503, { error: "The local Inngest driver's event API is not running in this process" });
  // The SDK posts a JSON string: take it as it is. Building a web Request (a body stream, an
  // abort signal) for every send cost more than the event insert it leads to.
  if (!(input instanceof Request) && (init?.body === undefined || typeof init.body === "string")) {
    const { pathname } = new URL(url);
    return handleCall({ method: init?.method ?? "GET", pathname, headers: new Headers(init?.headers), body: init?.body ?? "" });
  }
  const request = new Request(input, init);
  return handleCall({ method: request.method, pathname: new URL(request.url).pathname, headers: request.headers, body: await request.text() });
}

export function withLocalDriver<T extends ClientOptions>(
  options: T,
  env: InngestServerEnv & Pick<Env, "INNGEST_SIGNING_KEY">,
): T {
  if (!isLocalDriverEnabled(env)) return options;
  const local = Object.assign({}, options, {
    // Cloud mode: the serve endpoint verifies every call's signature, as in production.
    isDev: false,
    baseUrl: LOCAL_DRIVER_ORIGIN,
    eventKey: LOCAL_EVENT_KEY,
    fetch: localDriverFetch,
  });
  if (!env.INNGEST_SIGNING_KEY) {
    // Read on every request: the SDK keeps this options object and reads `signingKey` lazily.
    Object.defineProperty(local, "signingKey", { enumerable: true, get: () => localDriverLink().signingKey });
  }
  return local;
}
