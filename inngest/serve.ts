// The serve endpoint's handlers, hardened: function URLs are built on the configured serve origin
// (never the request's Host header) and a sync must be signed with the signing key. The POST
// handler is also put on this process's local driver link: a local driver in the process hands
// it its calls directly instead of over loopback HTTP (the SDK checks each call's signature all
// the same). An Inngest server never reads the link; it calls over HTTP.
import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/index";
import { getEnv } from "@/lib/config/env";
import { inngestServeOrigin } from "@/lib/runtime/inngest-client-options";
import { localDriverLink } from "@/lib/runtime/local-driver-link";

type ServeHandlers = ReturnType<typeof serve>;

/**
 * The SDK takes the origin once, when the handler is built; the local driver's origin is only known
 * once it has started (after this module loads), so the handler is built on first use and again
 * if that origin changes.
 */
export function serveInngest(): Pick<ServeHandlers, "GET" | "POST" | "PUT"> {
  let current: { origin: string; handlers: ServeHandlers } | undefined;
  const handlers = (): ServeHandlers => {
    const origin = inngestServeOrigin(getEnv());
    if (current?.origin !== origin) {
      // enableUnauthedSync: false — in cloud mode (Inngest Cloud, self-hosted, the local driver)
      // every request, sync included, must carry a valid signature. INNGEST_DEV skips signatures
      // altogether: never set it in production.
      current = { origin, handlers: serve({ client: inngest, functions, serveOrigin: origin, enableUnauthedSync: false }) };
    }
    return current.handlers;
  };
  const POST: ServeHandlers["POST"] = (request, context) => handlers().POST(request, context);
  // The SDK's Next handler reads a request's URL, method, headers and text(), which the driver's
  // in-process request has; it takes no route context.
  localDriverLink().serveInProcess = (request) => POST(request as unknown as Parameters<ServeHandlers["POST"]>[0], undefined);
  return {
    GET: (request, context) => handlers().GET(request, context),
    POST,
    PUT: (request, context) => handlers().PUT(request, context),
  };
}
