// Stripe's JSON error shape ({ error: { type, code, message, param } }) with the HTTP status Stripe
// uses for each kind; every failure the simulator answers goes through this class.
export type StripeErrorType =
  | "api_error"
  | "card_error"
  | "idempotency_error"
  | "invalid_request_error";

export interface StripeErrorBody {
  error: {
    type: StripeErrorType;
    message: string;
    code?: string;
    param?: string;
    decline_code?: string;
    doc_url?: string;
    request_log_url?: string;
  };
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly options: {
      code?: string;
      param?: string;
      declineCode?: string;
      headers?: Record<string, string>;
      /** Stripe does not save idempotent results for requests that fail parameter validation. */
      validation?: boolean;
    } = {},
  ) {
    super(message);
    this.name = "StripeApiError";
  }

  toBody(): StripeErrorBody {
    const { code, param, declineCode } = this.options;
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(code ? { code, doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}` } : {}),
        ...(param ? { param } : {}),
        ...(declineCode ? { decline_code: declineCode } : {}),
      },
    };
  }
}

const OBJECT_NAMES: Record<string, string> = {
  cus: "customer",
  in: "invoice",
  re: "refund",
  ii: "invoiceitem",
  il: "line item",
  sub: "subscription",
  evt: "event",
  we: "webhook endpoint",
  bpc: "configuration",
  bps: "session",
  price: "price",
};

export function resourceMissing(kind: keyof typeof OBJECT_NAMES, id: string, param = "id"): StripeApiError {
  return new StripeApiError(404, "invalid_request_error", `No such ${OBJECT_NAMES[kind]}: '${id}'`, {
    code: "resource_missing",
    param,
  });
}

export function invalidRequest(message: string, options: { code?: string; param?: string } = {}): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", message, options);
}

export function invalidParameter(message: string, param: string, code = "parameter_invalid_string"): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", message, { code, param, validation: true });
}

export function unrecognizedUrl(method: string, path: string): StripeApiError {
  return new StripeApiError(
    404,
    "invalid_request_error",
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  );
}

export function rateLimited(retryAfterSeconds: number): StripeApiError {
  return new StripeApiError(
    429,
    "invalid_request_error",
    "Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.",
    { code: "rate_limit", headers: { "Retry-After": String(retryAfterSeconds) } },
  );
}

export function serverError(status: number): StripeApiError {
  return new StripeApiError(
    status,
    "api_error",
    status === 500
      ? "An unknown error occurred"
      : "Stripe is temporarily unavailable. Please retry the request.",
  );
}
