// A token bucket: `ratePerSecond` tokens refill continuously up to `capacity`; each Stripe call
// takes one, waiting when none is left. A 429 pauses the whole bucket for Stripe's Retry-After.

export interface TokenBucketOptions {
  ratePerSecond: number;
  /** Burst size; defaults to one second's worth. */
  capacity?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TokenBucket {
  readonly ratePerSecond: number;
  private readonly capacity: number;
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Serializes waiters so tokens go out in arrival order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: TokenBucketOptions) {
    this.ratePerSecond = options.ratePerSecond;
    this.capacity = options.capacity ?? Math.max(1, options.ratePerSecond);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.tokens = this.capacity;
    this.last = this.now();
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
  }

  /** Resolves when a token has been taken. */
  acquire(): Promise<void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        const paused = this.pausedUntil - this.now();
        if (paused > 0) {
          await this.sleep(paused);
          continue;
        }
        this.refill();
        if (this.tokens >= 1) {
          this.tokens -= 1;
          return;
        }
        await this.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
      }
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Stripe said slow down: nobody gets a token for `ms`, and the burst starts empty after it. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.tokens = 0;
    // Refill counts from the end of the pause: the paused time earns no tokens.
    this.last = Math.max(this.last, this.pausedUntil);
  }
}
