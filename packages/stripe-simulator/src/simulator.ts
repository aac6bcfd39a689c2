// What a running simulator offers its callers (the app, tests, the control plane, the demo stream)
// and how it is started. Kept apart from server.ts so the modules the server uses can name the
// simulator without importing the server back.
import type { ApiCallCounter } from "./api-calls";
import type { BillingActions } from "./billing";
import type { Clock } from "./clock";
import type { FaultController } from "./faults";
import type { MoneyReturnedActions } from "./money-returned";
import type { InvoiceLifecycleOptions, InvoiceLifecycleResult } from "./scenarios";
import type { SeedApi } from "./seed";
import type { DeliveryAttempt } from "./webhook-delivery";

export interface StripeSimulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** The app's webhook route; every event is delivered there, signed with `webhookSecret`. */
  webhookUrl?: string;
  webhookSecret: string;
  /** JSON snapshot reloaded on start and rewritten (debounced) after every change. */
  stateFile?: string;
  /** Whose state the file holds (the app's database id): a snapshot saved for another owner is discarded. */
  stateOwner?: string;
  stateDebounceMs?: number;
  /** Milliseconds since the epoch; drives `created` and status timestamps. */
  clock?: Clock;
  /** Seed of the RNG behind fault probabilities, shuffles and the demo stream. */
  seed?: number;
  /** Waits between webhook attempts (default 1 s, 5 s, 30 s, 2 min, 10 min). */
  webhookRetryScheduleMs?: number[];
  webhookTimeoutMs?: number;
  /** `api_version` stamped on events (default: the installed SDK's pinned version). */
  apiVersion?: string;
  /** Events retained for the Events API and the state file (default 5,000). */
  maxEvents?: number;
  log?: (message: string) => void;
}

export interface StripeSimulator {
  readonly url: string;
  readonly port: number;
  readonly faults: FaultController;
  /** Seeding (no events) and read access. */
  readonly store: SeedApi;
  /** Event-emitting operations, the same code paths as the API. */
  readonly billing: BillingActions;
  /** Refunds, credit notes and disputes on paid invoices, with their events. */
  readonly moneyReturned: MoneyReturnedActions;
  /** Every webhook delivery attempt so far, oldest first. */
  readonly deliveries: readonly DeliveryAttempt[];
  /** API calls by route, e.g. `POST /v1/invoices/:id/finalize`. */
  readonly calls: ApiCallCounter;
  /** Resolves once no webhook is queued, in flight or waiting for a retry. */
  waitForDeliveries(options?: { timeoutMs?: number }): Promise<void>;
  simulateInvoiceLifecycle(customerId: string, options: InvoiceLifecycleOptions): InvoiceLifecycleResult;
  /** Writes the state file now (no-op without `stateFile`). */
  flushState(): Promise<void>;
  close(): Promise<void>;
}
