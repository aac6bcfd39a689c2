// Counts API calls by route (`POST /v1/invoices/:id/finalize`) so benchmarks can assert how many
// Stripe calls a sync costs.
export class ApiCallCounter {
  private counts = new Map<string, number>();

  record(route: string): void {
    this.counts.set(route, (this.counts.get(route) ?? 0) + 1);
  }

  byRoute(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  count(route: string): number {
    return this.counts.get(route) ?? 0;
  }

  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  reset(): void {
    this.counts = new Map();
  }
}
