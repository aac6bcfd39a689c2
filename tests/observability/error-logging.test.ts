// An unexpected error becomes a generic 500, and never silently: it is logged with a correlation
// id (the Stripe event id when there is one, else a fresh request id) that the response carries
// too, so support can go from what a caller saw to the log line.
import { Writable } from "node:stream";
import type { Logger } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { signatureHeader } from "@ledgerline/stripe-simulator";
import { AppError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/errors/http";
import { createLogger } from "@/lib/logging/logger";
import { getWebhookSecret } from "@/lib/stripe/client";

const accept = vi.hoisted(() => ({ fail: null as Error | null }));
vi.mock("@/lib/webhooks/accept-stripe-event", () => ({
  acceptStripeEvent: async () => {
    if (accept.fail) throw accept.fail;
    return "accepted";
  },
}));

const loggerKey = Symbol.for("ledgerline.logger");
type GlobalWithLogger = typeof globalThis & { [loggerKey]?: Logger };
let lines: Array<Record<string, unknown>>;
let previous: Logger | undefined;

beforeEach(() => {
  lines = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk)) as Record<string, unknown>), done()) });
  const level = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = "info";
  previous = (globalThis as GlobalWithLogger)[loggerKey];
  (globalThis as GlobalWithLogger)[loggerKey] = createLogger(sink);
  process.env.LOG_LEVEL = level;
});
afterEach(() => {
  (globalThis as GlobalWithLogger)[loggerKey] = previous;
  accept.fail = null;
});

interface ErrorBody {
  error: { code: string; message: string; correlationId?: string };
}

describe("errorResponse", () => {
  it("logs an unknown error with a request id it also returns, and keeps internals out of the body", async () => {
    const response = errorResponse(new Error("connection to 10.0.0.7 refused"));
    expect(response.status).toBe(500);
    const body = (await response.json()) as ErrorBody;
    expect(JSON.stringify(body)).not.toContain("10.0.0.7");
    expect(body.error.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("x-correlation-id")).toBe(body.error.correlationId);

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, correlationId: body.error.correlationId, err: { message: "connection to 10.0.0.7 refused" } });
  });

  it("uses the correlation id it is given", async () => {
    const response = errorResponse(new TypeError("boom"), { "x-extra": "1" }, { correlationId: "evt_given" });
    expect(((await response.json()) as ErrorBody).error.correlationId).toBe("evt_given");
    expect(response.headers.get("x-extra")).toBe("1");
    expect(lines[0]).toMatchObject({ correlationId: "evt_given" });
  });

  it("does not log expected, coded errors as failures", async () => {
    const response = errorResponse(new AppError("invalid_input", "Give a name."));
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error).toEqual({ code: "invalid_input", message: "Give a name." });
    expect(lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
  });
});

describe("the Stripe webhook route", () => {
  it("logs a failure after verification with the Stripe event id as correlation id", async () => {
    const { POST } = await import("@/app/api/webhooks/stripe/route");
    accept.fail = new Error("inbox unavailable");
    const body = JSON.stringify({ id: "evt_log_me", object: "event", type: "invoice.paid", api_version: "2025-01-01", created: 1_700_000_000, livemode: false, data: { object: { object: "invoice" } } });
    const response = await POST(new Request("http://localhost/api/webhooks/stripe", { method: "POST", body, headers: { "stripe-signature": signatureHeader(body, getWebhookSecret()) } }));
    expect(response.status).toBe(500);
    expect(((await response.json()) as ErrorBody).error.correlationId).toBe("evt_log_me");
    expect(lines.find((line) => line.level === 50)).toMatchObject({ correlationId: "evt_log_me", err: { message: "inbox unavailable" } });
  });
});
