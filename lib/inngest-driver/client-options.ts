// Points an Inngest client at the local driver when no Inngest server is configured. Events and
// syncs the SDK would POST to Inngest's API are answered in-process by the driver's event API
// (a fetch override on an origin that never resolves), and the client verifies calls with the
// driver's signing key. With INNGEST_EVENT_KEY, INNGEST_BASE_URL or INNGEST_DEV set, the options
// are returned untouched and the SDK talks to the real server.
import type { ClientOptions } from "inngest";
import type { Env } from "@/lib/config/env";
import { handleLocalDriverCall, handleLocalDriverRequest } from "./event-api";
import { localLink } from "./local-link";
import { isLocalDriverEnabled } from "./serve-origin";

export { inngestServeOrigin, isLocalDriverEnabled } from "./serve-origin";

/** Reserved `.invalid` origin: a request that escaped the fetch override could never leave the host. */
export const LOCAL_DRIVER_ORIGIN = "http://inngest-driver.invalid";
const LOCAL_EVENT_KEY = "local-driver";

type InngestServerEnv = Pick<Env, "INNGEST_EVENT_KEY" | "INNGEST_BASE_URL" | "INNGEST_DEV">;

async function localDriverFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = input instanceof Request ? input.url : String(input);
  if (!url.startsWith(`${LOCAL_DRIVER_ORIGIN}/`)) return fetch(input, init);
  // The SDK posts a JSON string: take it as it is. Building a web Request (a body stream, an
  // abort signal) for every send cost more than the event insert it leads to.
  if (!(input instanceof Request) && (init?.body === undefined || typeof init.body === "string")) {
    const { pathname } = new URL(url);
    return handleLocalDriverCall({ method: init?.method ?? "GET", pathname, headers: new Headers(init?.headers), body: init?.body ?? "" });
  }
  return handleLocalDriverRequest(new Request(input, init));
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
    Object.defineProperty(local, "signingKey", { enumerable: true, get: () => localLink().signingKey });
  }
  return local;
}
