// The simulator process: a node:http server answering the Stripe API under /v1 (auth, faults,
// idempotency, routing, Stripe's error shape), hosted pages under /hosted and control endpoints
// under /_simulator, plus the event → webhook pipeline and optional state snapshots.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { ApiCallCounter } from "./api-calls";
import { billingActions } from "./billing";
import { systemClock, unixSeconds } from "./clock";
import type { SimContext } from "./context";
import { handleControl, stopControlledDemo } from "./control";
import { StripeApiError, rateLimited, serverError, unrecognizedUrl } from "./errors";
import { EventRecorder } from "./events";
import { expandObject } from "./expand";
import { FaultController } from "./faults";
import { parseFormEncoded, type FormObject } from "./form";
import { handleHosted } from "./hosted-pages";
import { fingerprint, lookupIdempotent, saveIdempotent } from "./idempotency";
import { newId } from "./ids";
import { moneyReturnedActions } from "./money-returned";
import { loadSnapshot, persistStore, type SnapshotWriter } from "./persistence";
import { billingPortalRoutes } from "./resources/billing-portal";
import { customerRoutes, renderCustomer } from "./resources/customers";
import { eventRoutes } from "./resources/events";
import { invoiceItemRoutes } from "./resources/invoice-items";
import { invoicePaymentRoutes } from "./resources/invoice-payments";
import { renderInvoice } from "./resources/invoice-totals";
import { invoiceRoutes } from "./resources/invoices";
import { RefundBook, refundRoutes } from "./resources/refunds";
import { subscriptionRoutes } from "./resources/subscriptions";
import { webhookEndpointRoutes } from "./resources/webhook-endpoints";
import { createRng } from "./rng";
import { Router } from "./router";
import { simulateInvoiceLifecycle } from "./scenarios";
import { seedApi } from "./seed";
import type { StripeSimulator, StripeSimulatorOptions } from "./simulator";
import { SimulatorStore } from "./store";
import type { RequestMeta } from "./types";
import { DEFAULT_RETRY_SCHEDULE_MS, WebhookDispatcher, type WebhookTarget } from "./webhook-delivery";

const MAX_BODY_BYTES = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new StripeApiError(413, "invalid_request_error", "Request body too large."));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Stripe accepts `Authorization: Bearer sk_test_…` or HTTP Basic with the key as user name. */
function apiKeyOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const [scheme, value = ""] = header.split(" ");
  if (scheme.toLowerCase() === "bearer") return value.trim();
  if (scheme.toLowerCase() === "basic") return Buffer.from(value, "base64").toString("utf8").split(":")[0];
  return undefined;
}

function checkAuth(req: IncomingMessage): void {
  const key = apiKeyOf(req);
  if (!key) {
    throw new StripeApiError(
      401,
      "invalid_request_error",
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  if (!/^(sk|rk)_test_\w+/.test(key)) {
    throw new StripeApiError(401, "invalid_request_error", `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}`, {
      code: "api_key_invalid",
    });
  }
}

export async function startStripeSimulator(options: StripeSimulatorOptions): Promise<StripeSimulator> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? (() => undefined);
  const store = new SimulatorStore();
  if (options.stateFile) {
    const snapshot = await loadSnapshot(options.stateFile, options.stateOwner);
    if (snapshot) store.restore(snapshot);
    else if (snapshot === null) log(`Stripe simulator: discarded ${options.stateFile}, saved for another owner`);
  }
  const rng = createRng(options.seed ?? 42);
  const faults = new FaultController(rng);
  const calls = new ApiCallCounter();
  let baseUrl = "";

  const targets = (): WebhookTarget[] => {
    const list: WebhookTarget[] = options.webhookUrl
      ? [{ endpointId: "primary", url: options.webhookUrl, secret: options.webhookSecret, enabledEvents: ["*"] }]
      : [];
    for (const endpoint of store.webhookEndpoints.values()) {
      const secret = store.endpointSecrets.get(endpoint.id);
      if (endpoint.status === "enabled" && secret) {
        list.push({ endpointId: endpoint.id, url: endpoint.url, secret, enabledEvents: endpoint.enabled_events });
      }
    }
    return list;
  };

  const dispatcher = new WebhookDispatcher(
    {
      retryScheduleMs: options.webhookRetryScheduleMs ?? DEFAULT_RETRY_SCHEDULE_MS,
      timeoutMs: options.webhookTimeoutMs ?? 10_000,
      maxLogEntries: 10_000,
    },
    targets,
    faults,
    rng,
    (id) => store.events.get(id),
    (eventId) => {
      const event = store.events.get(eventId);
      if (event) store.events.set({ ...event, pending_webhooks: Math.max(0, event.pending_webhooks - 1) });
    },
  );

  const events = new EventRecorder({
    store,
    clock,
    apiVersion: options.apiVersion ?? Stripe.API_VERSION,
    countTargets: (type) => dispatcher.targetsFor(type).length,
    onRecorded: (event) => dispatcher.dispatch(event),
    maxEvents: options.maxEvents ?? 5_000,
  });

  const sim: SimContext = { store, events, faults, rng, refunds: new RefundBook(), now: () => unixSeconds(clock), baseUrl: () => baseUrl };
  const seed = seedApi(sim);
  const billing = billingActions(sim);
  const moneyReturned = moneyReturnedActions(sim);

  const router = new Router().add(
    ...customerRoutes,
    ...invoiceRoutes,
    ...invoiceItemRoutes,
    ...invoicePaymentRoutes,
    ...refundRoutes,
    ...subscriptionRoutes,
    ...eventRoutes,
    ...webhookEndpointRoutes,
    ...billingPortalRoutes,
  );

  const resolve = (id: string): object | undefined => {
    if (id.startsWith("cus_")) return renderCustomer(sim, id);
    if (id.startsWith("in_")) {
      const invoice = store.invoices.get(id);
      return invoice ? renderInvoice(sim, invoice) : undefined;
    }
    if (id.startsWith("ii_")) return store.invoiceItems.get(id);
    if (id.startsWith("sub_")) return store.subscriptions.get(id);
    if (id.startsWith("bpc_")) return store.portalConfigurations.get(id);
    return undefined;
  };

  const writer: SnapshotWriter | undefined = options.stateFile
    ? persistStore(store, options.stateFile, options.stateDebounceMs ?? 200, clock, options.stateOwner)
    : undefined;

  const heldResponses = new Set<NodeJS.Timeout>();

  const sendJson = (
    res: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string>,
  ): void => {
    res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), ...headers });
    res.end(body);
  };

  /** Applies an API fault: an error response, a held-then-dropped response or a reset connection. */
  const applyFault = (
    req: IncomingMessage,
    res: ServerResponse,
    fault: ReturnType<FaultController["takeApiFault"]> & object,
    headers: Record<string, string>,
  ): void => {
    const { fault: kind } = fault;
    log(`fault ${kind.kind} on ${req.method} ${req.url}`);
    switch (kind.kind) {
      case "rate_limit":
      case "server_error":
      case "invalid_request": {
        const error =
          kind.kind === "rate_limit"
            ? rateLimited(kind.retryAfterSeconds)
            : kind.kind === "server_error"
              ? serverError(kind.status)
              : new StripeApiError(kind.status, "invalid_request_error", kind.message, { code: kind.code });
        sendJson(res, error.status, JSON.stringify(error.toBody(), null, 2), { ...headers, ...error.options.headers });
        return;
      }
      case "timeout": {
        const timer = setTimeout(() => {
          heldResponses.delete(timer);
          req.socket.destroy();
        }, kind.holdMs);
        heldResponses.add(timer);
        req.socket.once("close", () => {
          clearTimeout(timer);
          heldResponses.delete(timer);
        });
        return;
      }
      case "connection_reset":
        req.socket.resetAndDestroy();
        return;
    }
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL, rawBody: string): Promise<void> => {
    const method = (req.method ?? "GET").toUpperCase();
    const requestId = newId("req");
    const idempotencyKey = method === "POST" ? (req.headers["idempotency-key"] as string | undefined) : undefined;
    const headers: Record<string, string> = {
      "Request-Id": requestId,
      "Stripe-Version": (req.headers["stripe-version"] as string | undefined) ?? Stripe.API_VERSION,
      ...(idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {}),
    };
    const matched = router.match(method, url.pathname);
    calls.record(`${method} ${matched?.route.pattern ?? url.pathname}`);
    const fault = faults.takeApiFault(method, url.pathname);
    if (fault && fault.phase === "before") return applyFault(req, res, fault, headers);

    const params: FormObject =
      method === "POST"
        ? { ...parseFormEncoded(url.search.slice(1)), ...parseFormEncoded(rawBody) }
        : parseFormEncoded(url.search.slice(1));
    const print = fingerprint(method, url.pathname, params);
    let status = 200;
    let body: string;
    try {
      checkAuth(req);
      if (idempotencyKey) {
        const found = lookupIdempotent(store, idempotencyKey, print, clock());
        if (found.kind === "replay") {
          const replay = { ...headers, "Idempotent-Replayed": "true", "Original-Request": found.result.requestId };
          if (fault) return applyFault(req, res, fault, replay);
          return sendJson(res, found.result.status, found.result.body, replay);
        }
      }
      if (!matched) throw unrecognizedUrl(method, url.pathname);
      const request: RequestMeta = { id: requestId, idempotencyKey: idempotencyKey ?? null };
      const result = matched.route.handle({
        sim,
        params: matched.params,
        body: params,
        request,
        expand: (object, paths) => expandObject(object, paths, resolve),
      });
      body = JSON.stringify(result, null, 2);
      if (idempotencyKey) {
        saveIdempotent(store, {
          key: idempotencyKey,
          fingerprint: print,
          method,
          path: url.pathname,
          status,
          body,
          requestId,
          savedAt: clock(),
        });
      }
    } catch (error) {
      const apiError =
        error instanceof StripeApiError ? error : new StripeApiError(500, "api_error", "An unknown error occurred");
      if (!(error instanceof StripeApiError)) log(`internal error: ${error instanceof Error ? error.stack : String(error)}`);
      status = apiError.status;
      body = JSON.stringify(apiError.toBody(), null, 2);
      Object.assign(headers, apiError.options.headers);
      // Stripe saves a result once the endpoint starts executing, errors included, but not for
      // requests rejected before that (auth, unknown URL, invalid parameters, key misuse).
      const executed = !apiError.options.validation && status !== 401 && matched !== undefined;
      if (idempotencyKey && executed) {
        saveIdempotent(store, {
          key: idempotencyKey,
          fingerprint: print,
          method,
          path: url.pathname,
          status,
          body,
          requestId,
          savedAt: clock(),
        });
      }
    }
    if (fault) return applyFault(req, res, fault, headers);
    sendJson(res, status, body, headers);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://simulator.local");
      try {
        const rawBody = await readBody(req);
        if (url.pathname.startsWith("/v1/")) return await handleApi(req, res, url, rawBody);
        if (url.pathname.startsWith("/_simulator/")) {
          const answer = await handleControl(simulator, req.method ?? "GET", url.pathname, rawBody);
          return sendJson(res, answer.status, JSON.stringify(answer.body, null, 2), {});
        }
        if (url.pathname.startsWith("/hosted/")) {
          const page = handleHosted(sim, req.method ?? "GET", url.pathname);
          if (page) {
            res.writeHead(page.status, { "Content-Type": page.contentType, ...page.headers });
            res.end(page.body);
            return;
          }
        }
        const notFound = unrecognizedUrl(req.method ?? "GET", url.pathname);
        sendJson(res, 404, JSON.stringify(notFound.toBody(), null, 2), {});
      } catch (error) {
        const apiError = error instanceof StripeApiError ? error : serverError(500);
        if (!(error instanceof StripeApiError)) log(`internal error: ${error instanceof Error ? error.stack : String(error)}`);
        if (!res.headersSent) sendJson(res, apiError.status, JSON.stringify(apiError.toBody(), null, 2), {});
      }
    })();
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  const host = options.host && options.host !== "0.0.0.0" && options.host !== "::" ? options.host : "127.0.0.1";
  baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  log(`Stripe simulator listening on ${baseUrl}`);

  // Requests only arrive after this point: listen() resolved and nothing awaited since.
  const simulator: StripeSimulator = {
    url: baseUrl,
    port: address.port,
    faults,
    store: seed,
    billing,
    moneyReturned,
    deliveries: dispatcher.log,
    calls,
    waitForDeliveries: (waitOptions = {}) => dispatcher.waitForIdle(waitOptions.timeoutMs),
    simulateInvoiceLifecycle: (customerId, lifecycle) => simulateInvoiceLifecycle(billing, seed, customerId, lifecycle),
    flushState: async () => {
      await writer?.flush();
    },
    close: async () => {
      stopControlledDemo(simulator);
      dispatcher.close();
      for (const timer of heldResponses) clearTimeout(timer);
      await writer?.close();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
  return simulator;
}
