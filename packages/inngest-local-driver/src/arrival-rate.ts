// How fast events are arriving, over the last second: the weighted two-window estimate the rate
// limiter uses, kept in memory. The driver reads it to tell a burst from a trickle.

export class ArrivalRate {
  private windowStart = 0;
  private current = 0;
  private previous = 0;

  constructor(private readonly windowMs = 1_000) {}

  note(count: number, now = Date.now()): void {
    this.roll(now);
    this.current += count;
  }

  perSecond(now = Date.now()): number {
    this.roll(now);
    const elapsed = (now - this.windowStart) / this.windowMs;
    return (this.previous * (1 - elapsed) + this.current) * (1_000 / this.windowMs);
  }

  private roll(now: number): void {
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    if (start === this.windowStart) return;
    this.previous = start - this.windowStart === this.windowMs ? this.current : 0;
    this.current = 0;
    this.windowStart = start;
  }
}
