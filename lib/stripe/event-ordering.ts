// Stripe delivers events late, twice and out of order. A record remembers the `created` time of
// the newest event applied to it; an older event never overwrites a newer state.

export interface AppliedMarker {
  lastEventCreatedAt: Date | null;
}

export type Freshness = "newer" | "same-second" | "older";

export function compareEventTime(current: AppliedMarker | null, eventCreated: Date): Freshness {
  if (!current?.lastEventCreatedAt) return "newer";
  const delta = eventCreated.getTime() - current.lastEventCreatedAt.getTime();
  if (delta > 0) return "newer";
  return delta === 0 ? "same-second" : "older";
}

export function fromUnixSeconds(seconds: number): Date;
export function fromUnixSeconds(seconds: number | null | undefined): Date | null;
export function fromUnixSeconds(seconds: number | null | undefined): Date | null {
  return seconds === null || seconds === undefined ? null : new Date(seconds * 1000);
}

/** How far along Stripe's invoice lifecycle a status is; Stripe never moves an invoice back. */
export const invoiceStatusRank = { draft: 0, open: 1, uncollectible: 2, paid: 3, void: 3 } as const;
