// The local Inngest driver: runs the app's Inngest functions through its own serve endpoint, over
// HTTP and Inngest's SDK protocol, when no Inngest server is configured. Its state lives in the
// database (store.ts), so a restart resumes where the last process stopped and
// several instances on one PostgreSQL database share the work through leases.
import { createHash, randomUUID } from "node:crypto";
import os from "node:os";
import { ArrivalRate } from "./arrival-rate";
import { eventLoopUtilization, type LoopUtilization } from "./loop-utilization";
import { DEFAULT_BACKOFF, resolveWakeTime, retryDelayMs, type BackoffPolicy } from "./backoff";
import { batchWrites } from "./batch-writes";
import { deadline } from "./deadline";
import { callFunction, DISCOVERY_STEP, finishedStepRecord, syncInBand, toSerializedError, type CallOutcome, type SerializedError, type StepOp } from "./executor";
import { createEventApi } from "./event-api";
import type { LocalDriverLink } from "./link";
import { matchRuns, TriggerIndex } from "./match-runs";
import { assertOnServeOrigin, compileFunctions, loadFunctions, saveRegistration, type RegisteredFunction } from "./registration";
import { fireDueTicks } from "./scheduler";
import { resolveSigningKey } from "./signing";
import type { SqlSession } from "./sql";
import * as store from "./store";
import type { ClaimedRun, JsonObject, PlannedStep, RunFilter, RunSummary, StepRecord, StoredEvent } from "./store";

export const FUNCTION_FAILED_EVENT = "inngest/function.failed";

export interface BurstPolicy {
  eventsPerSecond: number;
  concurrency: number;
  /** Fraction of wall time runs may take during a burst (0–1]. */
  share: number;
  /**
   * The driver holds back only while the event loop is at least this busy (0–1): request
   * handling then needs the whole loop. Below it the loop has room, and the driver drains the
   * burst at full concurrency. 0 = hold back in every burst.
   */
  busyLoopAbove: number;
}

/** 50 events/s: more than the driver applies on two cores (~40/s), so steady traffic it keeps up with is never held back. */
export const DEFAULT_BURST_POLICY: BurstPolicy = { eventsPerSecond: 50, concurrency: 1, share: 0.2, busyLoopAbove: 0.9 };
/**
 * Events read and fanned out per statement. Each chunk has a cost of its own (two round trips,
 * and in a backlog the flush and claim after it): with runs claimed between chunks, the driver's
 * own CPU per drained event was a third lower with chunks of 500 than of 100 (bench:drain).
 */
const FAN_OUT_CHUNK = 500;
/** A slow run never parks processing for long: the rest after one run is capped. */
const MAX_BURST_REST_MS = 1_000;

export interface LocalDriverOptions {
  /** The app's Inngest serve endpoint, e.g. http://127.0.0.1:3000/api/inngest. */
  serveUrl: string;
  /** The configured signing key; else a key generated once and kept in app_settings. */
  signingKey?: string;
  /** The database holding the driver's tables. */
  sql: SqlSession;
  /**
   * Where the driver publishes its signing key, serve origin, wake-up and event API for the
   * Inngest client of this process (see link.ts). Default: an object nobody else reads.
   */
  link?: LocalDriverLink;
  /** Runs in flight at once in this instance. */
  concurrency?: number;
  /**
   * Runs claimed ahead of a free slot (default: half of `concurrency`): when its queue of them is
   * empty, a claim also leases this many more, which start, with no claim of their own, as runs
   * end. Not while holding back for a burst. 0 claims only for free slots.
   */
  claimAhead?: number;
  /**
   * Ingest first: while events arrive (through this process's event API) faster than
   * `eventsPerSecond` and the event loop is at least `busyLoopAbove` busy, the driver keeps to
   * `concurrency` runs at once and, like PostgreSQL's cost-based vacuum delay, rests after each
   * run so runs take about `share` of the time. The server's CPU goes to accepting the burst and
   * the durable backlog drains once it passes. A burst the loop has room for is drained as it
   * arrives. Processing never stops: at least one run at a time keeps going.
   */
  burst?: Partial<BurstPolicy>;
  /** This thread's event-loop utilization (0–1), read by the burst policy; default: measured (loop-utilization.ts). */
  loopUtilization?: LoopUtilization;
  /** How often to look for due work when nothing wakes the driver. */
  pollIntervalMs?: number;
  /**
   * Most events fanned out in one tick (default 1,000). A backlog found at start (events stored
   * while no driver ran) then starts running at once, and the rest is fanned out while its first
   * runs execute, instead of every event first; within a tick, runs are claimed between chunks
   * whenever slots are free.
   */
  fanOutPerTick?: number;
  /** How long a claimed run stays this instance's without a heartbeat; renewed every third of it. */
  leaseMs?: number;
  backoff?: Partial<BackoffPolicy>;
  /** Longest single call to the serve endpoint. */
  callTimeoutMs?: number;
  /**
   * Let the SDK checkpoint (default true, as Inngest does in production): a call runs the
   * function's steps one after another and posts each result to the driver's checkpoint API, so
   * a run usually takes one call instead of one per step. Off: one call per step.
   */
  checkpointing?: boolean;
  /** Infrastructure problems (sync, database); function errors are recorded on their runs instead. */
  onError?: (error: unknown, context: string) => void;
}

/** How the driver's recent calls to the serve endpoint went (for readiness). */
export interface ServeCallHealth {
  /** Calls in a row that did not reach the functions; 0 after any call that did. */
  consecutiveFailures: number;
  lastFailureAt?: Date;
  /** The last failure's message: internal (URLs, network errors), for logs only. */
  lastError?: string;
  lastSuccessAt?: Date;
}

/** A run held while the serve endpoint cannot be reached waits at most this long between tries. */
const MAX_UNREACHED_DELAY_MS = 30_000;

export interface LocalDriver {
  /** Syncs now: asks the serve endpoint for its functions and registers them. */
  sync(): Promise<RegisteredFunction[]>;
  /** Resolves once the first sync has succeeded; rejects with the last sync error after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  listRuns(filter?: RunFilter): Promise<RunSummary[]>;
  /** Recent calls to the serve endpoint: are they getting through? */
  serveCalls(): ServeCallHealth;
  /** Resolves when no event waits for fan-out or in an open batch and every run has completed or failed. */
  waitForIdle(timeoutMs?: number): Promise<void>;
  /**
   * Stops claiming work. By default waits for the calls in flight and hands their runs back;
   * `abandon` drops them mid-call and leaves their leases to expire, as a killed process would.
   */
  stop(options?: { abandon?: boolean }): Promise<void>;
}

const MAX_CALLS_WITHOUT_PROGRESS = 3;

function stableId(...parts: string[]): string {
  return createHash("sha256").update(parts.join("|")).digest("hex").slice(0, 32);
}

function failureEvent(run: ClaimedRun, error: SerializedError, originalEvent: JsonObject): StoredEvent {
  const id = stableId("function-failed", run.id);
  // A batch run's failure names its first event, as Inngest does, and lists the whole batch beside it.
  const batch = run.input.events ? { events: run.input.events } : {};
  return {
    id,
    name: FUNCTION_FAILED_EVENT,
    payload: { id, name: FUNCTION_FAILED_EVENT, ts: Date.now(), data: { function_id: run.functionId, run_id: run.id, error, event: originalEvent, ...batch } },
  };
}

function unsupportedOpError(op: StepOp): SerializedError {
  return {
    name: "UnsupportedStepError",
    message: `The local Inngest driver does not support the ${op.op} operation (step ${op.displayName ?? op.name ?? op.id}); configure an Inngest server to use it.`,
  };
}

/** What one call means for the run. */
type RunStep =
  | { kind: "continue"; progress: Omit<store.Progress, "release" | "delayMs"> }
  | { kind: "wait"; progress: Omit<store.Progress, "release"> }
  | { kind: "complete"; output: unknown; steps: StepRecord[] }
  | { kind: "fail"; error: SerializedError };

class Driver implements LocalDriver {
  private readonly owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly db: SqlSession;
  private readonly link: LocalDriverLink;
  private readonly concurrency: number;
  private readonly burst: BurstPolicy;
  /** During a burst, no new run is claimed before this time (the rest after the last run). */
  private burstRestUntil = 0;
  private readonly arrivals = new ArrivalRate();
  private readonly loopUtilization: LoopUtilization;
  private ticksCheckedAt = 0;
  /** When the earliest open batch times out (ms since epoch); the loop wakes then, not only at a poll. */
  private batchDueAt: number | undefined;
  /**
   * A tick reads pending events and flushes batches only when something may have changed: most
   * wakes in a drain are runs ending, which add neither. New events in this process say so
   * (`eventsSignalled`); events and batches of other processes are found within a poll interval.
   */
  private eventsSignalled = true;
  private pendingReadAt = 0;
  private batchesChanged = true;
  private batchesFlushedAt = 0;
  private readonly pollIntervalMs: number;
  private readonly fanOutPerTick: number;
  private readonly leaseMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly callTimeoutMs: number;
  private readonly checkpointing: boolean;
  private readonly onError: (error: unknown, context: string) => void;
  private readonly abort = new AbortController();
  private readonly active = new Map<string, { promise: Promise<void>; lost: AbortController }>();
  private readonly claimAhead: number;
  /** Runs leased to this instance ahead of a free slot, in claim order; their leases are renewed as the running ones'. */
  private readonly claimedAhead: ClaimedRun[] = [];
  private functions = new Map<string, RegisteredFunction>();
  private functionsLoadedAt = 0;
  private synced = false;
  private lastSyncError: unknown;
  private nextSyncAt = 0;
  private syncFailures = 0;
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  private wakeRequested = false;
  private loopDone: Promise<void> | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly serveOrigin: string;
  /** Runs finishing together share one UPDATE and its commit. */
  private readonly completeRun = batchWrites<store.Completion, boolean>(async (completions) => {
    const completed = await store.completeRuns(this.db, completions);
    return completions.map((completion) => completed.has(completion.runId));
  });
  private serveHealth: ServeCallHealth = { consecutiveFailures: 0 };

  constructor(
    private readonly serveUrl: string,
    private readonly signingKey: string,
    options: LocalDriverOptions,
  ) {
    this.db = options.sql;
    this.link = options.link ?? {};
    this.concurrency = options.concurrency ?? 8;
    this.claimAhead = Math.max(0, options.claimAhead ?? Math.floor(this.concurrency / 2));
    const burst = { ...DEFAULT_BURST_POLICY, ...options.burst };
    this.burst = { ...burst, concurrency: Math.max(1, burst.concurrency), share: Math.min(1, Math.max(0.01, burst.share)) };
    this.loopUtilization = options.loopUtilization ?? eventLoopUtilization();
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.fanOutPerTick = Math.max(1, options.fanOutPerTick ?? 1_000);
    this.leaseMs = options.leaseMs ?? 60_000;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.callTimeoutMs = options.callTimeoutMs ?? 5 * 60_000;
    this.checkpointing = options.checkpointing ?? true;
    this.onError = options.onError ?? ((error, context) => console.error(`[inngest-driver] ${context}:`, error));
    this.serveOrigin = new URL(serveUrl).origin;
  }

  start(signingKeyConfigured: string | undefined): void {
    const link = this.link;
    link.signingKey = this.signingKey;
    link.serveOrigin = this.serveOrigin;
    link.wake = this.wakeFromLink;
    // Unless the caller attached one already. Left in place after stop: events sent later are
    // stored for the next driver, as with Inngest.
    link.handleCall ??= createEventApi({ sql: this.db, link, signingKey: () => signingKeyConfigured, serveOrigin: () => link.serveOrigin ?? this.serveOrigin });
    this.heartbeat = setInterval(() => void this.renewLeases(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.heartbeat.unref();
    this.loopDone = this.loop();
  }

  private readonly wakeFromLink = (newEvents = 0) => {
    this.arrivals.note(newEvents);
    this.eventsSignalled = true;
    // In a burst new events wait for the next finished run or poll, not a tick each.
    if (!this.inBurst()) this.wake();
  };

  /** A run of `ms` earns a rest of ms × (1 − share) / share (at most a second), then a wake. */
  private restAfterRun(ms: number): void {
    const rest = Math.min(MAX_BURST_REST_MS, (ms * (1 - this.burst.share)) / this.burst.share);
    this.burstRestUntil = Math.max(this.burstRestUntil, Date.now() + rest);
    setTimeout(() => this.wake(), rest + 1).unref();
  }

  private inBurst(): boolean {
    return this.arrivals.perSecond() > this.burst.eventsPerSecond;
  }

  /** In a burst the server needs its whole event loop for: runs give way to requests. */
  private holdingBack(): boolean {
    return this.inBurst() && this.loopUtilization() >= this.burst.busyLoopAbove;
  }

  private wake(): void {
    // Remembered if the loop is mid-tick, so work that arrives then is not left for the next poll.
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      this.wakeRequested = false;
      try {
        await this.tick();
      } catch (error) {
        if (!this.stopping) this.onError(error, "polling for work");
      }
      if (this.stopping) break;
      if (this.wakeRequested) continue;
      const untilBatchDue = this.batchDueAt === undefined ? Infinity : Math.max(0, this.batchDueAt - Date.now());
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(this.pollIntervalMs, untilBatchDue));
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  private async tick(): Promise<void> {
    if (!this.synced) {
      if (Date.now() < this.nextSyncAt) return;
      try {
        await this.sync();
      } catch (error) {
        // The serve endpoint is usually not listening yet while the app boots; retry quietly at first.
        this.syncFailures++;
        this.nextSyncAt = Date.now() + Math.min(30_000, 250 * 2 ** Math.min(this.syncFailures, 7));
        if (this.syncFailures >= 5) this.onError(error, `syncing ${this.serveUrl}`);
        return;
      }
    }
    await this.refreshFunctions();
    // Crons have minute resolution; every wake (each event, each finished run) need not ask.
    if (Date.now() - this.ticksCheckedAt >= 1_000) {
      this.ticksCheckedAt = Date.now();
      if ((await fireDueTicks(this.db)) > 0) this.eventsSignalled = true;
    }
    const moreToFanOut = this.eventsSignalled || Date.now() - this.pendingReadAt >= this.pollIntervalMs ? await this.fanOut() : false;
    await this.startRuns(moreToFanOut);
    // The rest of a backlog is fanned out on the next tick, right away, beside the runs just started.
    if (moreToFanOut) this.wakeRequested = true;
  }

  async sync(): Promise<RegisteredFunction[]> {
    const syncDeadline = deadline(30_000, this.abort.signal);
    try {
      const answer = await syncInBand(this.serveUrl, this.signingKey, syncDeadline.signal);
      if ("appId" in answer) {
        const functions = compileFunctions(answer.functions);
        assertOnServeOrigin(functions, this.serveOrigin);
        await saveRegistration(this.db, answer.appId, functions);
      }
      await this.refreshFunctions(true);
      this.synced = true;
      this.lastSyncError = undefined;
      this.eventsSignalled = true;
      this.wake();
      return [...this.functions.values()];
    } catch (error) {
      this.lastSyncError = error;
      throw error;
    } finally {
      syncDeadline.clear();
    }
  }

  async ready(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.synced) {
      if (Date.now() > deadline) throw new Error(`The local Inngest driver did not sync ${this.serveUrl} in ${timeoutMs} ms`, { cause: this.lastSyncError });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async refreshFunctions(force = false): Promise<void> {
    // Another instance may have synced a newer deploy; re-read at most once a second.
    if (!force && Date.now() - this.functionsLoadedAt < 1_000) return;
    this.functions = new Map((await loadFunctions(this.db)).map((fn) => [fn.id, fn]));
    this.functionsLoadedAt = Date.now();
  }

  /**
   * Fans out up to fanOutPerTick pending events, starting runs between chunks when slots are free;
   * answers whether more may be waiting.
   */
  private async fanOut(): Promise<boolean> {
    // Cleared before the read: events signalled while it runs are read by the next tick.
    this.eventsSignalled = false;
    this.pendingReadAt = Date.now();
    const triggerIndex = new TriggerIndex([...this.functions.values()]);
    // Each tick reads from the oldest pending event; within a tick, after the last one fanned out.
    let after: string | undefined;
    for (let left = this.fanOutPerTick; left > 0; ) {
      const chunk = Math.min(FAN_OUT_CHUNK, left);
      const events = await store.pendingEvents(this.db, chunk, after);
      if (events.length === 0) return false;
      after = events.at(-1)!.sequence;
      await store.fanOutEvents(this.db, events.map((event) => ({ eventId: event.id, sequence: event.sequence, runs: matchRuns(event, triggerIndex) })));
      this.batchesChanged = true;
      if (events.length < chunk || this.stopping) return false;
      left -= events.length;
      // Runs that ended while a backlog is fanned out free their slots now, not after the tick.
      if (left > 0 && this.freeSlots() > 0) await this.startRuns(true);
    }
    this.eventsSignalled = true;
    return true;
  }

  /** Turns full and timed-out batches into runs, then claims what this instance has room for. */
  private async startRuns(fanningOutBacklog: boolean): Promise<void> {
    await this.flushBatches(fanningOutBacklog);
    await this.claim();
  }

  /**
   * Starts the runs of full and timed-out batches, before the claim so a full batch starts
   * at once. While more of a backlog waits for fan-out, the rest of it fills the open batches: a
   * batch that is not full then times out from when it was opened (store.flushBatches).
   */
  private async flushBatches(fanningOutBacklog: boolean): Promise<void> {
    const now = Date.now();
    const batchDue = this.batchDueAt !== undefined && now >= this.batchDueAt;
    if (!this.batchesChanged && !batchDue && now - this.batchesFlushedAt < this.pollIntervalMs) return;
    this.batchesChanged = false;
    this.batchesFlushedAt = now;
    const batching = [...this.functions.values()].flatMap((fn) =>
      fn.batch ? [{ functionId: fn.id, maxSize: fn.batch.maxSize, timeoutMs: fn.batch.timeoutMs, maxAttempts: fn.maxAttempts }] : [],
    );
    const nextDueInMs = await store.flushBatches(this.db, batching, { fanningOutBacklog });
    // A millisecond late, so the batch is past its due time when the next flush looks.
    this.batchDueAt = nextDueInMs === null ? undefined : Date.now() + nextDueInMs + 1;
  }

  /** Runs this instance may start now: none while a burst's rest lasts. */
  private freeSlots(): number {
    const holdingBack = this.holdingBack();
    if (holdingBack && Date.now() < this.burstRestUntil) return 0;
    const limit = holdingBack ? Math.min(this.concurrency, this.burst.concurrency) : this.concurrency;
    return limit - this.active.size;
  }

  /**
   * Starts runs in the free slots: first those claimed ahead, then, when they run out, a claim for
   * the rest of the slots and, unless holding back for a burst, `claimAhead` more to start later.
   * In a drain most slots free one at a time as runs end; a claim statement for each cost
   * PostgreSQL a plan and the app a round trip per run.
   */
  private async claim(): Promise<void> {
    const free = this.freeSlots();
    if (free <= 0 || this.stopping) return;
    const starting = this.claimedAhead.splice(0, free);
    if (starting.length < free) {
      const ahead = this.holdingBack() ? 0 : this.claimAhead;
      const concurrency = Object.fromEntries([...this.functions.values()].flatMap((fn) => (fn.concurrencyLimit ? [[fn.id, fn.concurrencyLimit]] : [])));
      const busy = [...this.active.keys(), ...starting.map((run) => run.id)];
      const claimed = await store.claimRuns(this.db, this.owner, free - starting.length + ahead, this.leaseMs, busy, concurrency);
      starting.push(...claimed.splice(0, free - starting.length));
      this.claimedAhead.push(...claimed);
    }
    for (const run of starting) this.startRun(run);
  }

  private startRun(run: ClaimedRun): void {
    const lost = new AbortController();
    const startedAt = Date.now();
    const promise = this.execute(run, lost.signal)
      .catch((error) => {
        if (!this.abort.signal.aborted && !lost.signal.aborted) this.onError(error, `executing run ${run.id}`);
      })
      .finally(() => {
        this.active.delete(run.id);
        if (this.holdingBack()) this.restAfterRun(Date.now() - startedAt);
        this.wake();
      });
    this.active.set(run.id, { promise, lost });
  }

  private async renewLeases(): Promise<void> {
    for (const [runId, entry] of this.active) {
      try {
        if (!(await store.renewLease(this.db, runId, this.owner, this.leaseMs))) entry.lost.abort();
      } catch (error) {
        if (!this.stopping) this.onError(error, `renewing the lease of run ${runId}`);
      }
    }
    for (const run of [...this.claimedAhead]) {
      try {
        // Taken over (its lease lapsed): the new holder runs it, so it leaves this queue (unless
        // a slot freed during the renewal and it already started: the next renewal aborts it).
        if (!(await store.renewLease(this.db, run.id, this.owner, this.leaseMs))) {
          const queued = this.claimedAhead.indexOf(run);
          if (queued >= 0) this.claimedAhead.splice(queued, 1);
        }
      } catch (error) {
        if (!this.stopping) this.onError(error, `renewing the lease of run ${run.id}`);
      }
    }
  }

  /** Drives one run until it finishes, waits (retry, sleep) or the driver stops. */
  private async execute(run: ClaimedRun, lost: AbortSignal): Promise<void> {
    let callsWithoutProgress = 0;
    // Read by the claim: while the lease is ours only this driver's calls add steps, so the memo grows here.
    const { event, events, steps } = run.input;
    if (!event) throw new Error(`Event ${run.eventId} of run ${run.id} is missing`);
    for (;;) {
      const fn = this.functions.get(run.functionId);
      if (!fn) {
        await this.fail(run, event, { name: "FunctionNotFoundError", message: `Function ${run.functionId} is not registered (any more)` });
        return;
      }
      const memoBefore = steps.length;
      const next = await this.advance(run, fn, { event, events: events ?? undefined }, steps, lost);
      if (!next) return;
      if (next.kind === "complete") {
        await this.completeRun({ runId: run.id, owner: this.owner, output: next.output, steps: next.steps });
        return;
      }
      if (next.kind === "fail") {
        await this.fail(run, event, next.error);
        return;
      }
      // A step the memo already holds is no progress: the SDK is not memoizing (e.g. non-deterministic step ids).
      const memoized = new Set(steps.map((step) => step.id));
      const madeProgress =
        steps.length > memoBefore ||
        next.progress.steps.some((step) => !memoized.has(step.id)) ||
        JSON.stringify(next.progress.plannedSteps) !== JSON.stringify(run.plannedSteps);
      callsWithoutProgress = madeProgress ? 0 : callsWithoutProgress + 1;
      if (next.kind === "continue" && callsWithoutProgress >= MAX_CALLS_WITHOUT_PROGRESS) {
        await this.fail(run, event, { name: "NoProgressError", message: "The function reported no new step in several calls in a row" });
        return;
      }
      const release = next.kind === "wait" || this.stopping;
      const delayMs = next.kind === "wait" ? next.progress.delayMs : 0;
      if (!(await store.saveProgress(this.db, run.id, this.owner, { ...next.progress, delayMs, release }))) return;
      if (release) return;
      for (const record of next.progress.steps) {
        if (memoized.has(record.id)) continue;
        memoized.add(record.id);
        steps.push({ id: record.id, result: record.result });
      }
      Object.assign(run, { attempt: next.progress.attempt, plannedSteps: next.progress.plannedSteps, disableImmediateExecution: next.progress.disableImmediateExecution });
    }
  }

  private async fail(run: ClaimedRun, event: JsonObject, error: SerializedError): Promise<void> {
    // A failing handler of failures must not trigger failure handlers again, endlessly.
    const failure = event.name === FUNCTION_FAILED_EVENT ? undefined : failureEvent(run, error, event);
    if ((await store.failRun(this.db, run.id, this.owner, error, failure)) && failure) {
      this.eventsSignalled = true;
      this.wake();
    }
  }

  private retryDelay(attempt: number, retryAfter: Date | undefined): number {
    const backoff = retryDelayMs(this.backoff, attempt);
    return retryAfter ? Math.max(backoff, retryAfter.getTime() - Date.now()) : backoff;
  }

  /** Makes the next call the run needs and turns its answer into the run's next state. */
  private async advance(
    run: ClaimedRun,
    fn: RegisteredFunction,
    input: { event: JsonObject; events?: JsonObject[] },
    steps: store.MemoizedStep[],
    lost: AbortSignal,
  ): Promise<RunStep | undefined> {
    const planned = run.plannedSteps;
    const base = { attempt: 0, disableImmediateExecution: run.disableImmediateExecution };

    const plannedRun = planned.find((step) => step.kind === "run");
    if (!plannedRun) {
      const sleeps = planned.filter((step): step is Extract<PlannedStep, { kind: "sleep" }> => step.kind === "sleep");
      if (sleeps.length) {
        const now = Date.now();
        const woken = sleeps.filter((step) => Date.parse(step.wakeAt) <= now);
        if (woken.length === 0) {
          const delayMs = Math.min(...sleeps.map((step) => Date.parse(step.wakeAt) - now));
          return { kind: "wait", progress: { ...base, attempt: run.attempt, steps: [], plannedSteps: planned, delayMs } };
        }
        // A sleep is over: Inngest memoizes it with null.
        return {
          kind: "continue",
          progress: { ...base, steps: woken.map((step) => ({ id: step.id, op: "Sleep", name: step.name, result: { data: null } })), plannedSteps: planned.filter((step) => !woken.some((done) => done.id === step.id)) },
        };
      }
    }

    const stepId = plannedRun?.id ?? DISCOVERY_STEP;
    let outcome: CallOutcome;
    const callDeadline = deadline(this.callTimeoutMs, this.abort.signal, lost);
    try {
      outcome = await callFunction({
        functionUrl: fn.url,
        stepId,
        runId: run.id,
        ...input,
        steps,
        attempt: run.attempt,
        maxAttempts: run.maxAttempts,
        disableImmediateExecution: run.disableImmediateExecution,
        checkpoint: this.checkpointing ? { functionId: run.functionId, dispatchId: this.owner } : undefined,
        signingKey: this.signingKey,
        serveInProcess: this.link.serveInProcess,
        signal: callDeadline.signal,
      });
    } catch (error) {
      // Stopped (abandon) or lease lost: leave the run to whoever holds it next.
      if (this.abort.signal.aborted || lost.aborted) return undefined;
      outcome = { kind: "failed", retriable: true, error: toSerializedError(error, "The call timed out") };
    } finally {
      callDeadline.clear();
    }

    if (outcome.kind === "failed" && outcome.unreached) {
      // The function did not run, so no attempt is spent: the run waits for the endpoint to come
      // back (readiness reports it meanwhile) instead of failing for good after a few retries.
      const failures = this.noteServeCall(outcome.error.message);
      const delayMs = Math.min(MAX_UNREACHED_DELAY_MS, this.retryDelay(failures - 1, outcome.retryAfter));
      return { kind: "wait", progress: { ...base, attempt: run.attempt, steps: [], plannedSteps: planned, delayMs } };
    }
    this.noteServeCall();
    if (outcome.kind === "completed") return { kind: "complete", output: outcome.output, steps: [] };
    // The SDK may have checkpointed steps before this answer (only a first-attempt discovery call
    // runs steps eagerly): they are in the store, not in the answer, and the next call must see them.
    if (this.checkpointing && stepId === DISCOVERY_STEP && run.attempt === 0 && !run.disableImmediateExecution && !(outcome.kind === "ops" && outcome.ops.some((op) => op.op === "RunComplete"))) {
      steps.splice(0, steps.length, ...(await store.loadRunSteps(this.db, run.id)));
    }
    if (outcome.kind === "failed") {
      if (!outcome.retriable || run.attempt + 1 >= run.maxAttempts) return { kind: "fail", error: outcome.error };
      return {
        kind: "wait",
        progress: { ...base, attempt: run.attempt + 1, steps: [], plannedSteps: planned, delayMs: this.retryDelay(run.attempt, outcome.retryAfter) },
      };
    }
    return this.applyOps(run, outcome, stepId);
  }

  private applyOps(run: ClaimedRun, outcome: Extract<CallOutcome, { kind: "ops" }>, requestedStep: string): RunStep {
    const records: StepRecord[] = [];
    let planned = run.plannedSteps.filter((step) => step.id !== requestedStep);
    const plan = (step: PlannedStep) => {
      if (!planned.some((existing) => existing.id === step.id)) planned.push(step);
    };
    let retryStep: StepOp | undefined;

    for (const op of outcome.ops) {
      const name = op.displayName ?? op.name;
      switch (op.op) {
        case "StepRun":
        case "Step":
        case "StepFailed":
          records.push(finishedStepRecord(op)!);
          break;
        case "StepError":
          // The step threw; retry it unless it was the last attempt or the error is final.
          if (outcome.noRetry || run.attempt + 1 >= run.maxAttempts) {
            records.push(finishedStepRecord({ ...op, op: "StepFailed" })!);
          } else {
            retryStep = op;
          }
          break;
        case "StepPlanned":
          plan({ id: op.id, kind: "run", name });
          break;
        case "Sleep": {
          const duration = typeof op.opts?.duration === "string" ? op.opts.duration : op.name;
          const wakeAt = duration ? resolveWakeTime(duration, new Date()) : undefined;
          if (!wakeAt) return { kind: "fail", error: { name: "InvalidSleepError", message: `Cannot read the sleep duration ${JSON.stringify(duration)}` } };
          plan({ id: op.id, kind: "sleep", name, wakeAt: wakeAt.toISOString() });
          break;
        }
        case "RunComplete":
          // Steps the SDK buffered to the end (checkpointing's bufferedSteps) come in this answer.
          return { kind: "complete", output: op.data ?? null, steps: records };
        case "StepNotFound":
          break;
        default:
          return { kind: "fail", error: unsupportedOpError(op) };
      }
    }

    const resolved = new Set(records.map((record) => record.id));
    planned = planned.filter((step) => !resolved.has(step.id));
    // Spec 5.5: once a call reports several steps, every later step must be planned first.
    const disableImmediateExecution = run.disableImmediateExecution || outcome.ops.length > 1;
    if (retryStep) {
      planned = [{ id: retryStep.id, kind: "run", name: retryStep.displayName ?? retryStep.name }, ...planned.filter((step) => step.id !== retryStep.id)];
      return {
        kind: "wait",
        progress: { steps: records, plannedSteps: planned, disableImmediateExecution, attempt: run.attempt + 1, delayMs: this.retryDelay(run.attempt, outcome.retryAfter) },
      };
    }
    return { kind: "continue", progress: { steps: records, plannedSteps: planned, disableImmediateExecution, attempt: 0 } };
  }

  listRuns(filter?: RunFilter): Promise<RunSummary[]> {
    return store.listRuns(this.db, filter);
  }

  serveCalls(): ServeCallHealth {
    return { ...this.serveHealth };
  }

  /** Records a call's outcome (an error message = it did not reach the functions); returns the failures in a row. */
  private noteServeCall(error?: string): number {
    const now = new Date();
    if (error === undefined) this.serveHealth = { ...this.serveHealth, consecutiveFailures: 0, lastSuccessAt: now };
    else this.serveHealth = { ...this.serveHealth, consecutiveFailures: this.serveHealth.consecutiveFailures + 1, lastFailureAt: now, lastError: error };
    return this.serveHealth.consecutiveFailures;
  }

  async waitForIdle(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const work = await store.outstandingWork(this.db);
      if (work.pendingEvents === 0 && work.batchedEvents === 0 && work.activeRuns === 0 && this.active.size === 0) return;
      if (Date.now() > deadline) {
        throw new Error(
          `The local Inngest driver was not idle after ${timeoutMs} ms: ${work.pendingEvents} event(s) pending, ${work.batchedEvents} in open batches, ${work.activeRuns} run(s) unfinished`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(options: { abandon?: boolean } = {}): Promise<void> {
    this.stopping = true;
    if (options.abandon) this.abort.abort();
    this.wake();
    await this.loopDone;
    // Runs claimed ahead were never started: a stop hands them back at once, an abandon leaves
    // their leases to expire with the rest, as a killed process would.
    const notStarted = this.claimedAhead.splice(0);
    if (!options.abandon && notStarted.length) {
      await store.releaseRuns(this.db, notStarted.map((run) => run.id), this.owner).catch((error) => this.onError(error, "handing back runs claimed ahead"));
    }
    // Keep renewing leases while the calls in flight finish, so no other driver takes those runs.
    await Promise.all([...this.active.values()].map((entry) => entry.promise));
    clearInterval(this.heartbeat);
    if (this.link.wake === this.wakeFromLink) this.link.wake = undefined;
  }
}

/** Starts the driver; it syncs the serve endpoint in the background (see `ready()`). */
export async function startLocalDriver(options: LocalDriverOptions): Promise<LocalDriver> {
  const signingKey = await resolveSigningKey(options.sql, options.signingKey);
  const driver = new Driver(options.serveUrl, signingKey, options);
  driver.start(options.signingKey);
  return driver;
}
